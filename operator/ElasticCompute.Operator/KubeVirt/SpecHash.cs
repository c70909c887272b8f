using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using k8s;

namespace ElasticCompute.Operator.KubeVirt;

/// <summary>
/// A 128-bit digest of a spec's JSON: the cache keeps it instead of a VM's whole template (the cloud-init user
/// data alone can be kilobytes), and drift is a digest that differs from the desired spec's.
/// </summary>
internal static class SpecHash
{
    public static UInt128 Of<T>(T spec) => OfJson(KubernetesJson.Serialize(spec));

    public static UInt128 OfJson(string json)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(json), digest);
        return BinaryPrimitives.ReadUInt128LittleEndian(digest);
    }
}
