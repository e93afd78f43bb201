namespace Sysrec.Streaming;

/// <summary>Who made a batch: the id every record's id starts with (see <see cref="RecordBatch"/>).</summary>
/// <param name="Host">The machine's name, the dataset's top directory.</param>
/// <param name="BootId">The kernel's boot id (/proc/sys/kernel/random/boot_id): timestamps and pids are only meaningful within one boot.</param>
/// <param name="StartNs">When the recorder started (CLOCK_REALTIME, ns): two recorders on one boot never share it.</param>
internal readonly record struct RecorderId(string Host, Guid BootId, ulong StartNs);
