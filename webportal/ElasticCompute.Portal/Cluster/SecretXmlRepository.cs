using System.Net;
using System.Text;
using System.Xml.Linq;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace ElasticCompute.Portal.Cluster;

/// <summary>
/// The data protection key ring (what signs and encrypts session and antiforgery cookies) in a Secret, so every replica
/// reads the cookies of the others and a restart signs nobody out. IXmlRepository is synchronous; the key manager
/// calls it at start and when a key is due (about every 90 days), so the blocking calls cost nothing per request.
/// </summary>
internal sealed class SecretXmlRepository(IKubernetes client, string @namespace) : IXmlRepository
{
    public const string SecretName = "elasticcompute-portal-keys";

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        var secret = Read();
        return secret?.Data?.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => XElement.Parse(Encoding.UTF8.GetString(d.Value))).ToArray() ?? [];
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        var key = $"{SanitizedName(friendlyName)}.xml";
        var bytes = Encoding.UTF8.GetBytes(element.ToString(SaveOptions.DisableFormatting));
        for (var attempt = 0; ; attempt++)
        {
            var secret = Read();
            try
            {
                if (secret is null)
                {
                    client.CoreV1.CreateNamespacedSecret(
                        new V1Secret
                        {
                            Metadata = new V1ObjectMeta { Name = SecretName, NamespaceProperty = @namespace, Labels = new Dictionary<string, string> { ["app.kubernetes.io/part-of"] = "elasticcompute", ["app.kubernetes.io/component"] = "portal" } },
                            Type = "Opaque",
                            Data = new Dictionary<string, byte[]> { [key] = bytes },
                        },
                        @namespace);
                }
                else
                {
                    secret.Data ??= new Dictionary<string, byte[]>();
                    secret.Data[key] = bytes;
                    client.CoreV1.ReplaceNamespacedSecret(secret, SecretName, @namespace);
                }

                return;
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict && attempt < 10)
            {
                // Another replica stored a key at the same time: keep both.
            }
        }
    }

    private V1Secret? Read()
    {
        try
        {
            return client.CoreV1.ReadNamespacedSecret(SecretName, @namespace);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private static string SanitizedName(string name) =>
        new(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-').ToArray());
}
