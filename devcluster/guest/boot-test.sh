#!/usr/bin/env bash
# Proves the guest contract end to end with real QEMU guests (TCG): boot, ssh, data kept across a power-off,
# online disk growth, CPU hot-add, idle CPU and resident memory. Usage:
#   devcluster/guest/boot-test.sh [--four] [--keep] [OUT_DIR]
#   --four  boots four guests at once and prints each one's time to ready and to ssh
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
four=0; keep=0; out=""
for a in "$@"; do
    case "$a" in --four) four=1 ;; --keep) keep=1 ;; -*) echo "unknown option $a" >&2; exit 2 ;; *) out=$a ;; esac
done
out=${out:-$(cd "$here/../.." && pwd)/.devcluster/guest}
"$here/build.sh" "$out"
for tool in qemu-system-x86_64 qemu-img ssh ssh-keygen python3; do
    command -v "$tool" > /dev/null || { echo "boot-test: $tool is missing (apt-get install qemu-system-x86 qemu-utils openssh-client)" >&2; exit 1; }
done
image() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])" "$out/image.json" "$1"; }
kernel="$out/$(image kernel)"; initrd="$out/$(image initrd)"; base="$out/$(image rootfs)"; cmdline=$(image cmdline)

tmp=$(mktemp -d /tmp/guest-boot-test.XXXXXX)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2> /dev/null || true; done
    ((keep)) && echo "kept $tmp" || rm -rf "$tmp"
}
trap cleanup EXIT
ssh-keygen -q -t ed25519 -N '' -f "$tmp/id" -C boot-test
now() { date +%s.%N; }
elapsed() { printf '%.2f' "$(echo "$(now) - $1" | bc)"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# boot NAME: starts QEMU for the guest in $tmp/NAME (disk.qcow2 must exist) and records its pid, port and start.
declare -A pid port start
boot() {
    local name=$1 dir="$tmp/$1"
    mkdir -p "$dir/seed"
    echo "$name" > "$dir/seed/hostname"
    echo "$name-instance" > "$dir/seed/instance-id"
    cp "$tmp/id.pub" "$dir/seed/authorized_keys"
    printf 'echo runcmd ran on $(hostname)\n' > "$dir/seed/runcmd"
    printf '#cloud-config\nhostname: %s\n' "$name" > "$dir/seed/user-data"
    port[$name]=$(free_port)
    : > "$dir/status.log"; : > "$dir/console.log"
    local fwcfg=()
    for k in instance-id hostname authorized_keys runcmd user-data; do
        fwcfg+=(-fw_cfg "name=opt/io.elasticcompute/$k,file=$dir/seed/$k")
    done
    start[$name]=$(now)
    # The contract's command line (devcluster/guest/README.md).
    qemu-system-x86_64 -nodefaults -no-user-config -display none -vga std -global VGA.vgamem_mb=4 \
        -machine q35,memory-backend=mem -accel tcg,tb-size=32,thread=single -cpu max \
        -smp 1,maxcpus=4 -m 512M,slots=4,maxmem=4G \
        -object memory-backend-memfd,id=mem,size=512M \
        -kernel "$kernel" -initrd "$initrd" -append "$cmdline" \
        -drive "file=$dir/disk.qcow2,if=none,id=root,format=qcow2,discard=unmap" -device virtio-blk-pci,drive=root \
        -netdev "user,id=net0,hostfwd=tcp:127.0.0.1:${port[$name]}-:22" -device virtio-net-pci,netdev=net0,romfile= \
        -device virtio-balloon-pci,free-page-reporting=on \
        -chardev "socket,id=console,path=$dir/console.sock,server=on,wait=off,logfile=$dir/console.log" -serial chardev:console \
        -chardev "file,id=status,path=$dir/status.log" -serial chardev:status \
        -qmp "unix:$dir/qmp.sock,server=on,wait=off" \
        -vnc "unix:$dir/vnc.sock" \
        "${fwcfg[@]}" < /dev/null > "$dir/qemu.log" 2>&1 &
    pid[$name]=$!
    pids+=($!)
}
# wait_for FILE TEXT SECONDS
wait_for() {
    local i=0
    until grep -q "$2" "$1" 2> /dev/null; do
        ((i++ < $3 * 50)) || { echo "timed out waiting for '$2' in $1" >&2; return 1; }
        sleep 0.02
    done
}
ssh_to() {
    local name=$1; shift
    ssh -q -i "$tmp/id" -p "${port[$name]}" -o StrictHostKeyChecking=no -o UserKnownHostsFile="$tmp/known_hosts" \
        -o ConnectTimeout=10 -o BatchMode=yes root@127.0.0.1 "$@"
}
qmp() {
    python3 - "$tmp/$1/qmp.sock" "$2" <<'PY'
import json, socket, sys
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); f = s.makefile("rw")
def call(cmd):
    f.write(json.dumps(cmd) + "\n"); f.flush()
    while True:
        r = json.loads(f.readline())
        if "return" in r or "error" in r: return r
f.readline(); call({"execute": "qmp_capabilities"})
r = call(json.loads(sys.argv[2]))
print(json.dumps(r.get("return", r)))
sys.exit(1 if "error" in r else 0)
PY
}
# wait_exit NAME SECONDS: waits for QEMU to exit and sets exit_code (QEMU runs as this shell's child).
wait_exit() {
    local i=0
    while kill -0 "${pid[$1]}" 2> /dev/null && [[ $(awk '{print $3}' "/proc/${pid[$1]}/stat" 2> /dev/null) != Z ]]; do
        ((i++ < $2 * 10)) || { echo "QEMU of $1 still running after $2 s" >&2; return 1; }
        sleep 0.1
    done
    exit_code=0; wait "${pid[$1]}" || exit_code=$?
}
ready_and_ssh() {
    local name=$1
    wait_for "$tmp/$name/status.log" 'elasticcompute-guest ready' 60
    local ready=$(elapsed "${start[$name]}")
    local login; wait_for "$tmp/$name/console.log" 'login:' 30 && login=$(elapsed "${start[$name]}")
    local uname; uname=$(ssh_to "$name" uname -a)
    echo "$name: login prompt ${login} s, ready ${ready} s, ssh uname -a ${ssh_at:=$(elapsed "${start[$name]}")} s: $uname"
    unset ssh_at
}
fail() { echo "FAIL: $*" >&2; for d in "$tmp"/*/; do [[ -s $d/qemu.log ]] && { echo "--- ${d}qemu.log" >&2; tail -5 "$d/qemu.log" >&2; }; done; exit 1; }

if ((four)); then
    for n in 1 2 3 4; do
        mkdir -p "$tmp/vm$n"; qemu-img create -q -f qcow2 -F qcow2 -b "$base" "$tmp/vm$n/disk.qcow2" 2G
    done
    for n in 1 2 3 4; do boot "vm$n"; done
    waiters=()
    for n in 1 2 3 4; do ready_and_ssh "vm$n" & waiters+=($!); done
    for w in "${waiters[@]}"; do wait "$w" || fail "a guest did not answer"; done
    for n in 1 2 3 4; do qmp "vm$n" '{"execute":"system_powerdown"}' > /dev/null; done
    for n in 1 2 3 4; do wait_exit "vm$n" 30 && ((exit_code == 0)) || fail "vm$n did not power off cleanly"; done
    echo "PASS: four guests booted, answered ssh and powered off"
    exit 0
fi

name=guest
mkdir -p "$tmp/$name"
qemu-img create -q -f qcow2 -F qcow2 -b "$base" "$tmp/$name/disk.qcow2" 2G
boot "$name"
ready_and_ssh "$name"
[[ $(ssh_to "$name" hostname) == "$name" ]] || fail "hostname from fw_cfg not applied"
ssh_to "$name" 'cat /var/lib/cloud/seed/nocloud/user-data' | grep -q '#cloud-config' || fail "user-data not kept"
size_blocks=$(ssh_to "$name" 'df -k / | tail -1' | awk '{print $2}')
((size_blocks > 1800000)) || fail "root filesystem not grown to the 2 GiB disk at boot ($size_blocks KiB)"
# The serial console: root logs in there without a password and gets a shell.
python3 - "$tmp/$name/console.sock" <<'PY' || fail "root login on the serial console did not give a shell"
import socket, sys, time
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); s.settimeout(0.5)
buf = b""; deadline = time.time() + 20; sent = 0
steps = [(b"login:", b"root\r"), (b"# ", b"echo console-$((6*7))\r")]
while time.time() < deadline:
    if sent < len(steps) and steps[sent][0] in buf:
        s.sendall(steps[sent][1]); sent += 1; buf = b""
    if sent == 0 and not buf:
        s.sendall(b"\r")
    try:
        buf += s.recv(4096)
    except socket.timeout:
        pass
    if b"console-42" in buf:
        sys.exit(0)
sys.exit(1)
PY
echo "$name: serial console: root logged in without a password and ran a command"
token="written-$(date +%s%N)"
ssh_to "$name" "echo $token > /root/kept.txt; sync"
sleep 10
rss=$(awk '/VmRSS/ {print $2}' "/proc/${pid[$name]}/status")
ticks() { awk '{print $14 + $15}' "/proc/${pid[$name]}/stat"; }
t0=$(ticks); sleep 10; t1=$(ticks)
hz=$(getconf CLK_TCK)
echo "$name idle: resident $((rss / 1024)) MiB after 10 s idle, CPU $(echo "scale=2; ($t1 - $t0) * 100 / $hz / 10" | bc)% of a core over 10 s"
ssh_to "$name" 'cat /var/log/runcmd.log' | grep -q "runcmd ran on $name" || fail "runcmd did not run"
qmp "$name" '{"execute":"system_powerdown"}' > /dev/null
wait_exit "$name" 30 || fail "system_powerdown did not power the guest off"
grep -q 'elasticcompute-guest poweroff' "$tmp/$name/status.log" || fail "no poweroff line on the status port"
echo "$name: system_powerdown -> QEMU exited with $exit_code"

boot "$name"
ready_and_ssh "$name"
[[ $(ssh_to "$name" cat /root/kept.txt) == "$token" ]] || fail "the file written before the power-off is gone"
echo "$name: file written before the power-off read back after boot"
[[ $(ssh_to "$name" 'grep -c . /var/log/runcmd.log') -le 3 ]] || fail "runcmd ran twice for one instance-id"

qmp "$name" '{"execute":"block_resize","arguments":{"device":"root","size":3221225472}}' > /dev/null
for i in $(seq 50); do
    sectors=$(ssh_to "$name" cat /sys/block/vda/size)
    [[ $sectors == 6291456 ]] && break; sleep 0.2
done
[[ $sectors == 6291456 ]] || fail "guest sees $sectors sectors after block_resize to 3 GiB"
for i in $(seq 50); do
    fs=$(ssh_to "$name" 'df -k / | tail -1' | awk '{print $2}')
    ((fs > 2800000)) && break; sleep 0.2
done
((fs > 2800000)) || fail "filesystem not grown online ($fs KiB)"
echo "$name: block_resize to 3 GiB -> /sys/block/vda/size $sectors sectors, filesystem ${fs} KiB"

hotpluggable=$(qmp "$name" '{"execute":"query-hotpluggable-cpus"}')
cpu=$(python3 -c '
import json, sys
free = [c for c in json.loads(sys.argv[1]) if "qom-path" not in c]
c = free[-1]; a = dict(c["props"]); a["driver"] = c["type"]; a["id"] = "cpu-hot"
print(json.dumps({"execute": "device_add", "arguments": a}))' "$hotpluggable")
qmp "$name" "$cpu" > /dev/null
for i in $(seq 50); do
    online=$(ssh_to "$name" 'cat /sys/devices/system/cpu/online; grep -c ^processor /proc/cpuinfo' | tr '\n' ' ')
    [[ $online == "0-1 2 " ]] && break; sleep 0.2
done
[[ $online == "0-1 2 " ]] || fail "hot-added CPU not online (online cpus, count: $online)"
echo "$name: CPU hot-added through QMP is online (cpus online: ${online%% *})"

before=$(ssh_to "$name" "awk '/MemTotal/ {print \$2}' /proc/meminfo")
qmp "$name" '{"execute":"object-add","arguments":{"qom-type":"memory-backend-memfd","id":"mem-hot","size":268435456}}' > /dev/null
qmp "$name" '{"execute":"device_add","arguments":{"driver":"pc-dimm","id":"dimm-hot","memdev":"mem-hot"}}' > /dev/null
for i in $(seq 50); do
    after=$(ssh_to "$name" "awk '/MemTotal/ {print \$2}' /proc/meminfo")
    ((after - before >= 250000)) && break; sleep 0.2
done
((after - before >= 250000)) || fail "hot-added 256 MiB not online (MemTotal $before -> $after KiB)"
echo "$name: 256 MiB hot-added through QMP is online (MemTotal $before -> $after KiB)"

rebooted=$(now)
ssh_to "$name" reboot || true
for i in $(seq 300); do [[ $(grep -c 'elasticcompute-guest ready' "$tmp/$name/status.log") == 2 ]] && break; sleep 0.1; done
[[ $(grep -c 'elasticcompute-guest ready' "$tmp/$name/status.log") == 2 ]] || fail "no second ready line after reboot"
kill -0 "${pid[$name]}" || fail "QEMU exited on a guest reboot"
echo "$name: reboot inside -> ready again after $(elapsed "$rebooted") s, QEMU kept running; $(ssh_to "$name" 'grep -c ^processor /proc/cpuinfo') CPUs after the reboot"

ssh_to "$name" poweroff || true
wait_exit "$name" 30 || fail "poweroff inside the guest did not stop QEMU"
((exit_code == 0)) || fail "QEMU exited with $exit_code after the guest powered off"
echo "$name: poweroff inside -> QEMU exited with $exit_code"
echo "PASS"
