using System.Text.Json;

namespace Sysrec.Analysis;

/// <summary>Writes a profile in the OCI runtime spec's linux.seccomp layout, which Docker's --security-opt seccomp= also reads.</summary>
internal static class SeccompProfileWriter
{
    // EPERM: denied calls fail as a permission error the program can report, rather than killing it.
    private const int DeniedErrno = 1;

    public static void Write(SeccompProfile profile, Stream output)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("defaultAction", "SCMP_ACT_ERRNO");
        json.WriteNumber("defaultErrnoRet", DeniedErrno);
        json.WriteStartArray("architectures");
        foreach (string architecture in profile.Architectures)
            json.WriteStringValue(architecture);
        json.WriteEndArray();
        json.WriteStartArray("syscalls");
        json.WriteStartObject();
        json.WriteStartArray("names");
        foreach (string name in profile.Names)
            json.WriteStringValue(name);
        json.WriteEndArray();
        json.WriteString("action", "SCMP_ACT_ALLOW");
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
        output.Write("\n"u8);
    }
}
