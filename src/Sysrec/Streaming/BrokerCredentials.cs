using NATS.Client.Core;
using NATS.NKeys;

namespace Sysrec.Streaming;

/// <summary>
/// Who sysrec is to the broker: a JWT with its NKey seed (a <c>.creds</c> file as nsc writes it), an
/// NKey seed alone, a user and password, or a token; each secret read from a file only its owner can read.
/// </summary>
/// <param name="Options">The options that gave them, for the error that says they were refused.</param>
internal sealed record BrokerCredentials(NatsAuthOpts Auth, string Options)
{
    public const string PasswordVariable = "SYSREC_NATS_PASSWORD";

    /// <summary>The credentials the options give, or null for none.</summary>
    public static BrokerCredentials? Load(string? credsFile, string? nkeyFile, string? user, string? passwordFile, string? tokenFile)
    {
        string[] given = [.. new (string Option, object? Value)[] { ("--creds", credsFile), ("--nkey", nkeyFile), ("--user", user), ("--token-file", tokenFile) }
            .Where(option => option.Value is not null).Select(option => option.Option)];
        if (given.Length > 1)
            throw SysrecException.BadArguments($"{string.Join(" and ", given)}: give one way to authenticate");
        if (passwordFile is not null && user is null)
            throw SysrecException.BadArguments("--password-file: needs --user, the user it is the password of");
        if (credsFile is not null)
            return FromCreds(credsFile);
        if (nkeyFile is not null)
        {
            string? line = BrokerFiles.ReadSecret("--nkey", nkeyFile).Split('\n').Select(text => text.Trim()).FirstOrDefault(text => text.StartsWith("SU", StringComparison.Ordinal));
            (string seed, string publicKey) = Seed("--nkey", nkeyFile, line);
            return new BrokerCredentials(new NatsAuthOpts { NKey = publicKey, Seed = seed }, "--nkey");
        }
        if (user is not null)
        {
            if (user.Length == 0 || user.Any(char.IsWhiteSpace))
                throw SysrecException.BadArguments($"--user: '{user}' is not a user name: no spaces");
            string? password = passwordFile is not null ? OneLine("--password-file", passwordFile) : Environment.GetEnvironmentVariable(PasswordVariable);
            if (string.IsNullOrEmpty(password))
                throw SysrecException.BadArguments($"--user: needs the password, in --password-file FILE or the environment variable {PasswordVariable}");
            return new BrokerCredentials(new NatsAuthOpts { Username = user, Password = password },
                passwordFile is not null ? "--user and --password-file" : $"--user and {PasswordVariable}");
        }
        if (tokenFile is not null)
            return new BrokerCredentials(new NatsAuthOpts { Token = OneLine("--token-file", tokenFile) }, "--token-file");
        return null;
    }

    private static BrokerCredentials FromCreds(string path)
    {
        string[] lines = [.. BrokerFiles.ReadSecret("--creds", path).Split('\n').Select(line => line.Trim())];
        string? After(string marker) => lines.SkipWhile(line => !line.StartsWith(marker, StringComparison.Ordinal)).Skip(1).FirstOrDefault(line => line.Length > 0);
        string? jwt = After("-----BEGIN NATS USER JWT-----");
        if (jwt is null || jwt.Split('.').Length != 3)
            throw new SysrecException(ExitCodes.Usage, $"--creds: {path} holds no user JWT (-----BEGIN NATS USER JWT-----). Give the .creds file nsc wrote for this user");
        (string seed, _) = Seed("--creds", path, After("-----BEGIN USER NKEY SEED-----"));
        return new BrokerCredentials(new NatsAuthOpts { Jwt = jwt, Seed = seed }, "--creds");
    }

    /// <summary>The seed, checked, and its public key.</summary>
    private static (string Seed, string PublicKey) Seed(string option, string path, string? seed)
    {
        if (seed is not null && seed.StartsWith("SU", StringComparison.Ordinal))
        {
            try
            {
                using KeyPair pair = KeyPair.FromSeed(seed);
                return (seed, pair.GetPublicKey());
            }
            catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException or NKeysException)
            {
                throw new SysrecException(ExitCodes.Usage, $"{option}: {path} holds a damaged NKey seed. Give the seed nk or nsc made for this user");
            }
        }
        throw new SysrecException(ExitCodes.Usage, $"{option}: {path} holds no user NKey seed (a line starting SU). Give the seed nk or nsc made for this user");
    }

    private static string OneLine(string option, string path)
    {
        string text = BrokerFiles.ReadSecret(option, path).TrimEnd('\r', '\n');
        if (text.Length == 0 || text.Contains('\n'))
            throw new SysrecException(ExitCodes.Usage, $"{option}: {path} must hold the secret alone, on one line. Check the file");
        return text;
    }
}
