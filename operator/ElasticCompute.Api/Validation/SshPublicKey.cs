using System.Buffers.Binary;
using System.Text;

namespace ElasticCompute.Api.Validation;

/// <summary>
/// An OpenSSH public key line ("type base64 [comment]"), checked down to its wire format so a
/// truncated or mislabelled key is refused before it reaches a machine. Written by hand: the format
/// is a few length-prefixed fields (RFC 4253 section 6.6, RFC 5656, RFC 8709), and no served library
/// parses public keys without pulling in a whole SSH client.
/// </summary>
public sealed record SshPublicKey(string Type, int Bits, string? Comment)
{
    public const int MinimumRsaBits = 2048;

    private static readonly Dictionary<string, (string Curve, int PointLength, int Bits)> EcdsaCurves = new(StringComparer.Ordinal)
    {
        ["ecdsa-sha2-nistp256"] = ("nistp256", 65, 256),
        ["ecdsa-sha2-nistp384"] = ("nistp384", 97, 384),
        ["ecdsa-sha2-nistp521"] = ("nistp521", 133, 521),
    };

    public static string AllowedTypes => "ssh-ed25519, ecdsa-sha2-nistp256/384/521 or ssh-rsa";

    /// <summary>Parses one key; on failure <paramref name="error"/> says what is wrong, in words for a person.</summary>
    public static bool TryParse(string? text, out SshPublicKey? key, out string error)
    {
        key = null;
        error = string.Empty;
        var line = text?.Trim() ?? string.Empty;
        if (line.Length == 0)
        {
            error = "is empty";
            return false;
        }

        if (line.Contains("PRIVATE KEY", StringComparison.Ordinal))
        {
            error = "looks like a private key; paste the public key (the .pub file) instead";
            return false;
        }

        if (line.Contains('\n', StringComparison.Ordinal) || line.Contains('\r', StringComparison.Ordinal))
        {
            error = "contains a line break; put each key in its own entry";
            return false;
        }

        var parts = line.Split([' ', '\t'], 3, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2)
        {
            error = "is not an SSH public key (expected \"<type> <base64 data> [comment]\")";
            return false;
        }

        var type = parts[0];
        if (type != "ssh-ed25519" && type != "ssh-rsa" && !EcdsaCurves.ContainsKey(type))
        {
            error = LooksLikeKeyType(type)
                ? $"key type {type} is not allowed; use {AllowedTypes}"
                : "is not an SSH public key (expected \"<type> <base64 data> [comment]\")";
            return false;
        }

        byte[] blob;
        try
        {
            blob = Convert.FromBase64String(parts[1]);
        }
        catch (FormatException)
        {
            error = "the key data is not valid base64";
            return false;
        }

        var reader = new WireReader(blob);
        if (!reader.TryReadString(out var blobType))
        {
            error = $"the {type} key data is truncated";
            return false;
        }

        var declared = Encoding.ASCII.GetString(blobType);
        if (declared != type)
        {
            error = $"declares {type} but its data holds {Printable(declared)}";
            return false;
        }

        int bits;
        if (type == "ssh-ed25519")
        {
            if (!reader.TryReadString(out var point) || point.Length != 32 || !reader.AtEnd)
            {
                error = "the ssh-ed25519 key data is malformed";
                return false;
            }

            bits = 256;
        }
        else if (type == "ssh-rsa")
        {
            if (!reader.TryReadString(out var exponent) || exponent.Length == 0 || !reader.TryReadString(out var modulus) || modulus.Length == 0 || !reader.AtEnd)
            {
                error = "the ssh-rsa key data is malformed";
                return false;
            }

            bits = MpintBits(modulus);
            if (bits < MinimumRsaBits)
            {
                error = $"RSA key of {bits} bits is too short; at least {MinimumRsaBits} bits are required";
                return false;
            }
        }
        else
        {
            var (curve, pointLength, curveBits) = EcdsaCurves[type];
            if (!reader.TryReadString(out var curveName) || !reader.TryReadString(out var point) || !reader.AtEnd)
            {
                error = $"the {type} key data is malformed";
                return false;
            }

            if (Encoding.ASCII.GetString(curveName) != curve || point.Length != pointLength || point[0] != 0x04)
            {
                error = $"the {type} key data is malformed";
                return false;
            }

            bits = curveBits;
        }

        key = new SshPublicKey(type, bits, parts.Length > 2 ? parts[2] : null);
        return true;
    }

    private static bool LooksLikeKeyType(string word) =>
        word.StartsWith("ssh-", StringComparison.Ordinal) || word.StartsWith("ecdsa-", StringComparison.Ordinal)
        || word.StartsWith("sk-", StringComparison.Ordinal);

    private static string Printable(string value) =>
        value.All(c => c is >= ' ' and <= '~') && value.Length is > 0 and < 64 ? value : "something else";

    private static int MpintBits(ReadOnlySpan<byte> mpint)
    {
        var i = 0;
        while (i < mpint.Length && mpint[i] == 0)
        {
            i++;
        }

        if (i == mpint.Length)
        {
            return 0;
        }

        var leading = mpint[i];
        var bits = (mpint.Length - i - 1) * 8;
        while (leading != 0)
        {
            bits++;
            leading >>= 1;
        }

        return bits;
    }

    private ref struct WireReader(ReadOnlySpan<byte> data)
    {
        private ReadOnlySpan<byte> rest = data;

        public readonly bool AtEnd => rest.IsEmpty;

        public bool TryReadString(out ReadOnlySpan<byte> value)
        {
            value = default;
            if (rest.Length < 4)
            {
                return false;
            }

            var length = BinaryPrimitives.ReadUInt32BigEndian(rest);
            if (length > (uint)(rest.Length - 4))
            {
                return false;
            }

            value = rest.Slice(4, (int)length);
            rest = rest[(4 + (int)length)..];
            return true;
        }
    }
}
