using ElasticCompute.Api.Validation;

namespace ElasticCompute.Api.Tests.Validation;

public sealed class SshPublicKeyTests
{
    [Theory]
    [InlineData(TestKeys.Ed25519, "ssh-ed25519", 256, "user@ed25519")]
    [InlineData(TestKeys.Ecdsa256, "ecdsa-sha2-nistp256", 256, "user@ecdsa256")]
    [InlineData(TestKeys.Ecdsa384, "ecdsa-sha2-nistp384", 384, "user@ecdsa384")]
    [InlineData(TestKeys.Ecdsa521, "ecdsa-sha2-nistp521", 521, "user@ecdsa521")]
    [InlineData(TestKeys.Rsa2048, "ssh-rsa", 2048, "user@rsa2048")]
    [InlineData(TestKeys.Rsa3072, "ssh-rsa", 3072, "user@rsa3072")]
    public void Reads_real_keys(string text, string type, int bits, string comment)
    {
        Assert.True(SshPublicKey.TryParse(text, out var key, out var error), error);
        Assert.Equal(new SshPublicKey(type, bits, comment), key);
    }

    [Fact]
    public void A_comment_may_hold_spaces_and_surrounding_blanks_are_ignored()
    {
        var data = TestKeys.Ed25519.Split(' ')[1];

        Assert.True(SshPublicKey.TryParse($"  ssh-ed25519\t{data} Alice's laptop (work)  ", out var key, out _));
        Assert.Equal("Alice's laptop (work)", key!.Comment);
    }

    [Fact]
    public void An_rsa_key_of_1024_bits_is_refused_with_its_size()
    {
        Assert.False(SshPublicKey.TryParse(TestKeys.Rsa1024, out _, out var error));
        Assert.Equal("RSA key of 1024 bits is too short; at least 2048 bits are required", error);
    }
}
