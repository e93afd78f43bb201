namespace Sysrec.Kernel;

/// <summary>An output that takes the records as they come: every output but strace's lines, which take decoded calls.</summary>
internal interface IRecordOutput : IRecordingOutput, IRecordSink
{
}
