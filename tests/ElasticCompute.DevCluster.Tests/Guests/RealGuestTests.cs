using System.Globalization;
using ElasticCompute.DevCluster.Tests.Console;
using ElasticCompute.DevCluster.Tests.Support;

namespace ElasticCompute.DevCluster.Tests.Guests;

/// <summary>
/// Real QEMU guests behind the same API, as a person uses them: an ElasticMachine with a key becomes a Linux server
/// reached by ssh at the address its status gives, with a serial console that answers, a disk that grows in the guest
/// and keeps its data across a stop and start, and across delete and recreate under reclaimPolicy Retain. Few on purpose:
/// everything else runs on the simulated runtime.
/// </summary>
[Collection(RealGuests.Name)]
public sealed class RealGuestTests(GuestClusterFixture cluster)
{
    [SkippableFact]
    public async Task A_machine_with_an_ssh_key_is_a_linux_server_reached_by_ssh_and_its_serial_console_answers()
    {
        cluster.Require();
        await cluster.ApplyAsync(cluster.Machine("shell"));
        await cluster.UntilAsync("shell", "{.status.phase}", p => p == "Running", "the machine to run");

        var uname = await cluster.SshAsync("shell", "uname -a; echo second-$((6*7)); hostname");

        Assert.StartsWith("Linux shell ", uname, StringComparison.Ordinal);
        Assert.Contains("second-42", uname, StringComparison.Ordinal);
        Assert.EndsWith("shell", uname.Trim(), StringComparison.Ordinal);

        using var console = await ConsoleClient.ConnectAsync(cluster.ApiUrl, "shell");
        await console.TypeAsync("\r");
        await console.ReadUntilAsync("login:");
        await console.TypeAsync("root\r");
        await console.ReadUntilAsync("# "); // login discards what is typed ahead of the shell
        await console.TypeAsync("echo typed-$((40+2))\r");
        Assert.Contains("typed-42", await console.ReadUntilAsync("typed-42\r\n"), StringComparison.Ordinal);
        await cluster.KubectlAsync("delete", "elasticmachine", "shell", "--wait=false");
    }

    [SkippableFact]
    public async Task Its_disk_grows_in_the_guest_and_what_it_wrote_survives_a_stop_and_a_start()
    {
        cluster.Require();
        await cluster.ApplyAsync(cluster.Machine("grow", "  storage:\n    size: 25Gi", memory: "1Gi"));
        await cluster.UntilAsync("grow", "{.status.phase}", p => p == "Running", "the machine to run");
        Assert.Equal(Sectors("25Gi"), (await cluster.SshAsync("grow", "cat /sys/block/vda/size")).Trim());

        await cluster.KubectlAsync("patch", "elasticmachine", "grow", "--type=merge", "-p", """{"spec":{"storage":{"size":"30Gi"}}}""");
        await Eventually.TrueAsync(async () => (await cluster.SshAsync("grow", "cat /sys/block/vda/size")).Trim() == Sectors("30Gi"), "the guest to see 30Gi", 90);
        // A vCPU hot-plugged into the running guest (QMP device_add), no restart.
        var bootId = (await cluster.SshAsync("grow", "cat /proc/sys/kernel/random/boot_id")).Trim();
        await cluster.KubectlAsync("patch", "elasticmachine", "grow", "--type=merge", "-p", """{"spec":{"cpu":2}}""");
        await Eventually.TrueAsync(async () => (await cluster.SshAsync("grow", "nproc")).Trim() == "2", "a second vCPU online in the guest", 90);
        Assert.Equal(bootId, (await cluster.SshAsync("grow", "cat /proc/sys/kernel/random/boot_id")).Trim());

        await cluster.SshAsync("grow", "echo written-before-stop > /root/kept && sync");

        var stopping = DateTime.UtcNow;
        await cluster.KubectlAsync("patch", "elasticmachine", "grow", "--type=merge", "-p", """{"spec":{"runStrategy":"Halted"}}""");
        await cluster.UntilAsync("grow", "{.status.phase}", p => p == "Stopped", "the machine to stop");
        // The guest powered itself off at the ACPI button: well within KubeVirt's 30 s grace, when a kill would come.
        Assert.True(DateTime.UtcNow - stopping < TimeSpan.FromSeconds(25), $"stopped after {DateTime.UtcNow - stopping}");

        await cluster.KubectlAsync("patch", "elasticmachine", "grow", "--type=merge", "-p", """{"spec":{"runStrategy":"Always"}}""");
        await cluster.UntilAsync("grow", "{.status.phase}", p => p == "Running", "the machine to run again");
        Assert.Equal("written-before-stop", (await cluster.SshAsync("grow", "cat /root/kept")).Trim());
        Assert.Equal(Sectors("30Gi"), (await cluster.SshAsync("grow", "cat /sys/block/vda/size")).Trim());
        await cluster.KubectlAsync("delete", "elasticmachine", "grow", "--wait=false");
    }

    [SkippableFact]
    public async Task A_retained_disk_boots_the_same_data_when_the_machine_is_recreated_and_a_deleted_one_loses_its_file()
    {
        cluster.Require();
        var kept = cluster.Machine("kept", "  storage:\n    reclaimPolicy: Retain");
        await cluster.ApplyAsync(kept);
        await cluster.UntilAsync("kept", "{.status.phase}", p => p == "Running", "the machine to run");
        await cluster.SshAsync("kept", "echo from-the-first-machine > /root/data && sync");
        var file = await cluster.DiskFileAsync("kept");
        Assert.True(File.Exists(file), file);

        await cluster.KubectlAsync("delete", "elasticmachine", "kept", "--timeout=120s");
        Assert.True(File.Exists(file), "Retain keeps the disk file");
        await cluster.ApplyAsync(kept);
        await cluster.UntilAsync("kept", "{.status.phase}", p => p == "Running", "the recreated machine to run");
        Assert.Equal("from-the-first-machine", (await cluster.SshAsync("kept", "cat /root/data")).Trim());

        // Delete: no boot needed to see the file go with the claim.
        await cluster.ApplyAsync(cluster.Machine("gone", "  runStrategy: Halted\n  storage:\n    reclaimPolicy: Delete"));
        await cluster.UntilAsync("gone", "{.status.phase}", p => p == "Stopped", "the halted machine's disk to be made");
        var goneFile = await cluster.DiskFileAsync("gone");
        Assert.True(File.Exists(goneFile), goneFile);
        await cluster.KubectlAsync("delete", "elasticmachine", "gone", "--timeout=60s");
        await Eventually.TrueAsync(() => Task.FromResult(!File.Exists(goneFile)), "the deleted disk's file to go", 30);
        Assert.True(File.Exists(file), "deleting another machine leaves the retained disk alone");
        await cluster.KubectlAsync("delete", "elasticmachine", "kept", "--wait=false");
    }

    [SkippableFact]
    public async Task A_guest_whose_qemu_dies_fails_its_vmi_with_the_reason_and_is_booted_again()
    {
        cluster.Require();
        await cluster.ApplyAsync(cluster.Machine("crash"));
        await cluster.UntilAsync("crash", "{.status.phase}", p => p == "Running", "the machine to run");
        await cluster.SshAsync("crash", "echo survives-the-crash > /root/mark && sync");
        var uid = (await cluster.KubectlAsync("get", "vmi", "crash", "-o", "jsonpath={.metadata.uid}")).Trim();

        var qemu = System.Diagnostics.Process.GetProcesses().Single(p => ReadCommandLine(p.Id).Contains("guest=default.crash,", StringComparison.Ordinal));
        qemu.Kill();

        var reason = await Eventually.GetAsync(
            () => cluster.KubectlAsync("get", "vmi", "crash", "-o", "jsonpath={.status.phase} {.status.conditions[?(@.type=='Ready')].message}"),
            s => s.StartsWith("Failed ", StringComparison.Ordinal), "the VMI to fail", 30);
        Assert.Contains("QEMU was killed by signal 9", reason, StringComparison.Ordinal);
        await Eventually.TrueAsync(async () => (await cluster.KubectlAsync("get", "vmi", "crash", "-o", "jsonpath={.metadata.uid} {.status.phase}")).Trim() is var v
            && !v.StartsWith(uid, StringComparison.Ordinal) && v.EndsWith(" Running", StringComparison.Ordinal), "a new VMI after the backoff", 90);
        Assert.Equal("survives-the-crash", (await cluster.SshAsync("crash", "cat /root/mark")).Trim());
        await cluster.KubectlAsync("delete", "elasticmachine", "crash", "--wait=false");
    }

    private static string ReadCommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }

    private static string Sectors(string quantity) =>
        (long.Parse(quantity.TrimEnd('G', 'i'), CultureInfo.InvariantCulture) * 1024 * 1024 * 1024 / 512).ToString(CultureInfo.InvariantCulture);
}
