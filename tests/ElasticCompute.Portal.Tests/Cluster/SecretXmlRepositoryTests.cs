using System.Xml.Linq;
using ElasticCompute.Portal.Cluster;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.DependencyInjection;

namespace ElasticCompute.Portal.Tests.Cluster;

/// <summary>The cookie key ring in a Secret on a real devcluster, as every replica reads it.</summary>
public sealed class SecretXmlRepositoryTests(DevClusterFixture cluster) : IClassFixture<DevClusterFixture>
{
    [Fact]
    public async Task A_stored_element_is_read_by_a_new_instance()
    {
        var ns = await cluster.FreshNamespaceAsync("keys");
        Assert.Empty(new SecretXmlRepository(cluster.Client, ns).GetAllElements());
        var key = Key();

        new SecretXmlRepository(cluster.Client, ns).StoreElement(key, $"key-{key.Attribute("id")!.Value}");

        using var client = cluster.NewClient();
        var read = Assert.Single(new SecretXmlRepository(client, ns).GetAllElements());
        Assert.True(XNode.DeepEquals(key, read), read.ToString());
    }

    [Fact]
    public async Task Two_elements_are_both_kept()
    {
        var ns = await cluster.FreshNamespaceAsync("keys");
        using var other = cluster.NewClient();
        var (first, second) = (Key(), Key());

        new SecretXmlRepository(cluster.Client, ns).StoreElement(first, $"key-{first.Attribute("id")!.Value}");
        new SecretXmlRepository(other, ns).StoreElement(second, $"key-{second.Attribute("id")!.Value}");

        var ids = new SecretXmlRepository(cluster.Client, ns).GetAllElements().Select(e => e.Attribute("id")!.Value).Order(StringComparer.Ordinal);
        Assert.Equal(new[] { first, second }.Select(e => e.Attribute("id")!.Value).Order(StringComparer.Ordinal), ids);
    }

    [Fact]
    public async Task What_one_replica_protects_another_replica_unprotects()
    {
        var ns = await cluster.FreshNamespaceAsync("keys");
        using var other = cluster.NewClient();
        using var first = Protection(new SecretXmlRepository(cluster.Client, ns));
        using var second = Protection(new SecretXmlRepository(other, ns));

        var cookie = first.GetRequiredService<IDataProtectionProvider>().CreateProtector("cookie").Protect("alice's session");

        Assert.Equal("alice's session", second.GetRequiredService<IDataProtectionProvider>().CreateProtector("cookie").Unprotect(cookie));
        Assert.Single(new SecretXmlRepository(cluster.Client, ns).GetAllElements());
    }

    private static XElement Key()
    {
        var id = Guid.NewGuid().ToString();
        return new XElement("key", new XAttribute("id", id), new XAttribute("version", 1), new XElement("creationDate", "2026-03-01T09:00:00Z"), new XElement("secret", id));
    }

    private static ServiceProvider Protection(SecretXmlRepository repository)
    {
        var services = new ServiceCollection();
        services.AddDataProtection().SetApplicationName("elasticcompute-portal");
        services.Configure<KeyManagementOptions>(o =>
        {
            o.XmlRepository = repository;
            o.XmlEncryptor = new NullXmlEncryptor();
        });
        return services.BuildServiceProvider();
    }
}
