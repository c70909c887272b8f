using ElasticCompute.Operator.Caching;
using ElasticCompute.Operator.KubeVirt;

namespace ElasticCompute.Operator.Tests.Caching;

public sealed class SharedValuesTests
{
    [Fact]
    public void Equal_values_come_back_as_one_instance()
    {
        var pool = new SharedValues();
        var first = pool.Share(new CpuTopology { Sockets = 2, Cores = 1 });
        var second = pool.Share(new CpuTopology { Sockets = 2, Cores = 1 });
        var other = pool.Share(new CpuTopology { Sockets = 4, Cores = 1 });

        Assert.Same(first, second);
        Assert.NotSame(first, other);
        Assert.Same(pool.Share(new string('x', 3)), pool.Share(new string('x', 3)));
        Assert.Null(pool.Share((string?)null));
    }

    [Fact]
    public void Maps_and_lists_are_shared_by_content_and_never_confused()
    {
        var pool = new SharedValues();
        var map = pool.ShareMap(new Dictionary<string, string> { ["a"] = "b", ["c"] = "d" });
        Assert.Same(map, pool.ShareMap(new Dictionary<string, string> { ["c"] = "d", ["a"] = "b" }));

        // Texts that would read alike if simply joined stay apart.
        Assert.NotSame(map, pool.ShareMap(new Dictionary<string, string> { ["a"] = "bc", [""] = "d" }));
        Assert.Equal("bc", pool.ShareMap(new Dictionary<string, string> { ["a"] = "bc", [""] = "d" })!["a"]);
        var list = pool.ShareList(["x", "y"]);
        Assert.Same(list, pool.ShareList(["x", "y"]));
        Assert.Equal(["xy"], pool.ShareList(["xy"])!);
        Assert.Equal(["x", "y"], list!);
    }

    [Fact]
    public void A_full_pool_starts_again_and_what_was_shared_stays_intact()
    {
        var pool = new SharedValues(capacity: 3);
        var kept = pool.Share(new CpuTopology { Sockets = 1 });
        for (var i = 2; i < 10; i++)
        {
            pool.Share(new CpuTopology { Sockets = i });
            Assert.InRange(pool.Count, 1, 3);
        }

        Assert.Equal(1, kept!.Sockets);
        var again = pool.Share(new CpuTopology { Sockets = 1 });
        Assert.Same(again, pool.Share(new CpuTopology { Sockets = 1 })); // shared again from the new start
    }

    [Fact]
    public void Keyed_values_are_made_once_per_key()
    {
        var pool = new SharedValues();
        var made = 0;
        var a = pool.Share(("disk", "80Gi"), () => { made++; return new object(); });
        var b = pool.Share(("disk", "80Gi"), () => { made++; return new object(); });
        pool.Share(("disk", "120Gi"), () => { made++; return new object(); });

        Assert.Same(a, b);
        Assert.Equal(2, made);
    }
}
