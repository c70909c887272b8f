namespace ElasticCompute.Api.Tests;

/// <summary>Public keys made with ssh-keygen for these tests (their private halves were thrown away).</summary>
internal static partial class TestKeys
{
    public const string Ed25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICdl5kBuUCAHe4jLvZwzCsN/589enZHXmi0u7XVihLr6 user@ed25519";

    public const string Ecdsa256 = "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBMB/1k3t/z4LchUYaBq5nGrKEEQrRtGNrp/JBvk2oPtmd/w7hcR8Y4JSY9GszSxVkAQaNQZk8aZ6KWiWvJPWUXQ= user@ecdsa256";

    public const string Ecdsa384 = "ecdsa-sha2-nistp384 AAAAE2VjZHNhLXNoYTItbmlzdHAzODQAAAAIbmlzdHAzODQAAABhBEMlC4pILzeRofB2U4BrHHRLWYA3Tt9xcMWGP0szDhkzvP/4TyOsPs6kv08A7sLqJnGAcggVrA/EaDJjFnys0kq+ovAKYqIC4zfiC7unVA6EeJK52Skvc/N/6sJ3NSAg5A== user@ecdsa384";

    public const string Ecdsa521 = "ecdsa-sha2-nistp521 AAAAE2VjZHNhLXNoYTItbmlzdHA1MjEAAAAIbmlzdHA1MjEAAACFBAGjbk5GnOAhTpiEhzx5ByErL5IywbJEAW9VErcmmncR4/DYxudvZk7kBzWgO6CfcI4d6dBaB1eQjERbldlsskrfyAH0Tqo++K/p9m3eFxqQsTQQ/dHST9xxj5Kk3MQAlDKv4isTYM6xRTJWSEUHTrm845o27OboaSVY1qw1qe0+1uqfeA== user@ecdsa521";

    public const string Rsa2048 = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC3fOuu0S2aEIEWZqrX8TNWZwD4jB+hRBgujLG70MqrbrNGK/Xyop8Yo40K0aCFc/zrTLHHTdDxByid6Ueo/maPhnmP10EGohnbhUnaIyt/QCErvhLKAjYFTkD7MNoPUNq4NdQ9+5VVAtVf9Evri+4GvT6n829gTIgVf5Mb22DDoU8HnS5TGNGsAeZ/sjdd9XsYrgvuDXyVGDjmNFmZA7rVqD0/PHQlLPZBfKI8Bx4R5W8l0tKoPG+01dZn5Aw3i5KiaenIVV1LDaZPg2bmMKCqpu3YB7x+qhRViFweq7U9LF2LOXt/pQshr5xqNawkq8a4//xgDGzkqU4U/eKNH/cV user@rsa2048";

    public const string Rsa3072 = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABgQDsZEfI0Lde5P3tv0C28nDsNTtmkQ67HxDUGrfRSqFoitbz59AO/eTnu+SmD1o2FnybxD3DVZ+Oll9X+bwL3EIBg6ARS/NxB6fm/uVieiykdOlitE0t6XU7wU6xJMAJkLJafdqthfv+8en504yyinbrmTDdiqwqpUxUoLbGBjOoHMbEZOoPoJLFWylIxjgAe/ZseR/KtVMEWAD+KncT2BknLGn9Gox+E7nhCzAVwQslWV+sfmPyJjhRg/yyDJw8IDXT7FELHKw0YIalsU7yWsV0jPFtq78y9jRyZ6rtq72bw2DWuqUhx/8qYH8o3qHySK9O1RBqXe6OfIR5g+aQdnEwZJlHh4ev2/+MiEvExZOcndpBx47uE9BmKewWxERqHh+/30hxtY5WFil/I2ZVvL+9jHPIadoaV5N0ROFdcTToSeKrajZGKv0f54j0w9IeZIiB02FYDxk7+JevyRGDQPuVs+wI9NW25n8mA61fAMy75B6rEtinnQoFF1H+WiU9t+s= user@rsa3072";

    public const string Rsa1024 = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQDBNZDSAo8U4B0OR87UQVGl5Gq4lxWgh0ktqPSI7gSbLnulvMXVLlZqfDrlYUiF6IfC8LuaYV4cO43UnbT6eZEjZIvICUXOyZPs/jwVUmDlhKfiZE8WrriesK/W7vnHvPXuK7GvPK0uZJXWE9kSwHu+MbI5PJx72vBit7N+FArlsw== user@rsa1024";

    public const string Dsa1024 = "ssh-dss AAAAB3NzaC1kc3MAAACBAMUMcWDffCkBOR+d38jz9z+XodY/kPq0tNVEy7Hvdn2PE+iV/xgHVr+PMTntLGrYq6BJSiNZnOnd6mYUVJFX1JIyjKvg8DRtYeeBKmi3X+zXmYBEVUC6GNXNSFFwi26f1AAXsMW2uN3LqeTtv4foxWQhEFvvQrU0noaore7gk9YtAAAAFQCvr8CLa9OkWvBzyCBKLBSsyBjwdQAAAIEApBVAUoIjAM9jDjpuJGNAL96FDJ0XWL6QcLfLMLOy13j23/+fhGOvBm3Q+mMS78aFajPIQ0IialqhgDPdaZwu12t5FBt3012Y/CLakriRtX+hsIgY4TaBAUIBZbaze8xFwPJKectwnYZAXFy3htK+aDmdxAkCOv2ztP0qeYqr9XQAAACAHVb0eNzeQKMQxVZs2ta9OVviRG/QIhJGuetFWUEkZZDENrTTlH55B9wUl04hdcGgKM5zo1gzb5acOaUVMnNySUEnh6q0oifWEG425OZOSGkxwzS20BwmRnGMM7UkajsHXVHDXPUMJlgbzEV9XHl+oe0JwyvqdKnb4SorrleOeWo= user@dsa1024";

    /// <summary>In a case table, $Ed25519 becomes that test key; $Ed25519Data its base64 part alone.</summary>
    public static string Expand(string text) => KeyReference().Replace(text, m =>
    {
        var field = typeof(TestKeys).GetField(m.Groups["key"].Value, System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            ?? throw new InvalidOperationException($"no test key {m.Value}");
        var key = (string)field.GetValue(null)!;
        return m.Groups["data"].Success ? key.Split(' ')[1] : key;
    });

    [System.Text.RegularExpressions.GeneratedRegex(@"\$(?<key>[A-Z][a-z]+[0-9]+)(?<data>Data)?(?![A-Za-z0-9])")]
    private static partial System.Text.RegularExpressions.Regex KeyReference();
}
