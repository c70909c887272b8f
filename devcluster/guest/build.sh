#!/usr/bin/env bash
# Builds devcluster's guest image (kernel, initramfs, base disk, image.json) from Debian packages only.
# Usage: devcluster/guest/build.sh [OUT_DIR]   (default <repo>/.devcluster/guest). Idempotent: a stamp of this
# folder's files skips the work when nothing changed. Needs apt-get, dpkg-deb, mke2fs, qemu-img, cpio; no root.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
out=$(mkdir -p "${1:-$repo/.devcluster/guest}" && cd "${1:-$repo/.devcluster/guest}" && pwd)

# The stamp covers the script, the package list and every file copied into the guest.
stamp=$(cd "$here" && find build.sh packages.txt initrd rootfs -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)
if [[ -f "$out/image.json" && "$(cat "$out/.stamp" 2>/dev/null)" == "$stamp" ]]; then
    echo "guest image up to date: $out"
    exit 0
fi

for tool in apt-get apt-cache dpkg-deb mke2fs qemu-img cpio gzip readelf; do
    command -v "$tool" > /dev/null || { echo "build.sh: '$tool' is missing (apt-get install qemu-utils e2fsprogs cpio binutils)" >&2; exit 1; }
done
started=$(date +%s.%N)
cache="$out/cache"; work="$out/work.$$"
mkdir -p "$cache"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/pkg" "$work/root" "$work/initrd"

mapfile -t packages < <(grep -v '^\s*#' "$here/packages.txt" | grep -v '^\s*$')
# The meta-package only names the kernel; fetch the versioned image it depends on.
kernel_pkg=$(apt-cache depends linux-image-cloud-amd64 | awk '/Depends: linux-image-[0-9]/ { print $2; exit }')
[[ -n "$kernel_pkg" ]] || { echo "build.sh: cannot resolve linux-image-cloud-amd64 (apt-get update?)" >&2; exit 1; }
fetch=("$kernel_pkg")
for p in "${packages[@]}"; do [[ "$p" == linux-image-cloud-amd64 ]] || fetch+=("$p"); done

declare -A versions
for p in "${fetch[@]}"; do
    v=$(apt-cache policy "$p" | awk '/Candidate:/ { print $2 }')
    [[ -n "$v" && "$v" != "(none)" ]] || { echo "build.sh: package '$p' has no candidate version" >&2; exit 1; }
    versions[$p]=$v
    deb="$cache/${p}_${v//:/%3a}_amd64.deb"
    if [[ ! -s "$deb" ]]; then
        (cd "$cache" && apt-get download -qq "$p=$v" 2>&1 | grep -v '^W: Download is performed unsandboxed' >&2) || true
    fi
    [[ -s "$deb" ]] || { echo "build.sh: apt-get download $p=$v failed" >&2; exit 1; }
    dpkg-deb -x "$deb" "$work/pkg"
done
kver=${kernel_pkg#linux-image-}
kmods="$work/pkg/lib/modules/$kver"

# Module dependencies from each module's own .modinfo "depends=" (no kmod needed on the host).
mod_path() { find "$kmods/kernel" -name "$1.ko" -o -name "$(echo "$1" | tr _ -).ko" | head -1; }
declare -A seen=()
ordered=()
add_module() {
    local name=$1 file deps d
    [[ -n "${seen[$name]:-}" ]] && return
    seen[$name]=1
    file=$(mod_path "$name")
    [[ -n "$file" ]] || { echo "build.sh: module $name not in $kernel_pkg" >&2; exit 1; }
    deps=$(strings "$file" | sed -n 's/^depends=//p' | head -1)
    for d in ${deps//,/ }; do add_module "$d"; done
    ordered+=("$file")
}

# The initramfs: busybox and what it takes to mount the disk (ext4 and crc32c are built into the cloud kernel).
for m in virtio_pci virtio_blk; do add_module "$m"; done
ir="$work/initrd"
mkdir -p "$ir"/{bin,dev,proc,sys,newroot,lib/modules/$kver}
cp "$work/pkg/bin/busybox" "$ir/bin/busybox"
for a in sh mount modprobe usleep switch_root; do ln -s busybox "$ir/bin/$a"; done
for f in "${ordered[@]}"; do
    dest="$ir/lib/modules/$kver/${f#$kmods/}"
    mkdir -p "$(dirname "$dest")"; cp "$f" "$dest"
done
"$ir/bin/busybox" depmod -b "$ir" "$kver"
install -m 0755 "$here/initrd/init" "$ir/init"
(cd "$ir" && find . | sort | cpio -o -H newc --quiet -R 0:0) | gzip -6 > "$work/initrd.img"

# The root filesystem: busybox userland, dropbear, resize2fs, their libraries and the modules a machine uses.
r="$work/root"
mkdir -p "$r"/{bin,sbin,usr/bin,usr/sbin,lib/x86_64-linux-gnu,lib64,etc/dropbear,root/.ssh,home,proc,sys,dev,run,tmp,mnt,var/log,var/lib/cloud,newroot}
chmod 700 "$r/root" "$r/root/.ssh"; chmod 1777 "$r/tmp"
cp "$work/pkg/bin/busybox" "$r/bin/busybox"
for a in $("$r/bin/busybox" --list-full); do
    [[ -e "$r/$a" ]] || ln -s /bin/busybox "$r/$a"
done
for b in usr/sbin/dropbear usr/bin/dropbearkey usr/bin/dbclient sbin/resize2fs sbin/e2fsck sbin/dumpe2fs; do
    cp "$work/pkg/$b" "$r/$b"
done
# Shared libraries the binaries need, followed transitively, into the loader's default directory.
libs_needed() { readelf -d "$1" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'; }
declare -A have=()
queue=(usr/sbin/dropbear usr/bin/dropbearkey usr/bin/dbclient sbin/resize2fs sbin/e2fsck sbin/dumpe2fs)
while ((${#queue[@]})); do
    bin=${queue[0]}; queue=("${queue[@]:1}")
    for lib in $(libs_needed "$r/$bin"); do
        [[ -n "${have[$lib]:-}" ]] && continue
        have[$lib]=1
        src=$(find "$work/pkg/lib" "$work/pkg/usr/lib" -name "$lib" \( -type f -o -type l \) 2>/dev/null | head -1)
        [[ -n "$src" ]] || { echo "build.sh: library $lib (for $bin) not found" >&2; exit 1; }
        cp -L "$src" "$r/lib/x86_64-linux-gnu/$lib"
        queue+=("lib/x86_64-linux-gnu/$lib")
    done
done
cp -L "$work/pkg/lib64/ld-linux-x86-64.so.2" "$r/lib64/"
for m in virtio_net virtio_balloon virtio_rng virtio_console qemu_fw_cfg button evdev crc32c_intel; do add_module "$m"; done
for f in "${ordered[@]}"; do
    dest="$r/lib/modules/$kver/${f#$kmods/}"
    mkdir -p "$(dirname "$dest")"; cp "$f" "$dest"
done
cp "$kmods/modules.builtin" "$kmods/modules.order" "$r/lib/modules/$kver/" 2>/dev/null || true
"$r/bin/busybox" depmod -b "$r" "$kver"
cp -a --remove-destination "$here/rootfs/." "$r/"
# Wrappers that announce power-off and reboot replace busybox's links.
ln -sf /proc/self/mounts "$r/etc/mtab"
cat > "$r/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
PASSWD
# Root's password is locked ("*" keeps dropbear's key login working; "!" would refuse it).
printf 'root:*:19000:0:99999:7:::\nnobody:*:19000:0:99999:7:::\n' > "$r/etc/shadow"
chmod 600 "$r/etc/shadow"
printf 'root:x:0:\ntty:x:5:\nnogroup:x:65534:\n' > "$r/etc/group"
printf '/bin/sh\n/bin/ash\n' > "$r/etc/shells"
echo localhost > "$r/etc/hostname"
printf 'export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\nexport PS1='"'"'\\u@\\h:\\w\\$ '"'"'\n' > "$r/etc/profile"
echo "devcluster-linux ($kernel_pkg, busybox ${versions[busybox-static]}, dropbear ${versions[dropbear-bin]})" > "$r/etc/issue.net"
printf 'devcluster-linux \\n \\l\n\n' > "$r/etc/issue"

raw="$work/rootfs.raw"
# ~1 GiB base; machines' overlays are bigger and the guest grows the filesystem to fit at boot.
mke2fs -q -F -t ext4 -L root -d "$r" -E root_owner=0:0 -O ^metadata_csum_seed -b 4096 -N 65536 "$raw" 1G > /dev/null
if [[ $(id -u) != 0 ]]; then
    # mke2fs -d copies the builder's uid; everything in the guest belongs to root.
    (cd "$r" && find . -mindepth 1 | sed 's|^\.||' | while read -r p; do
        printf 'set_inode_field "%s" uid 0\nset_inode_field "%s" gid 0\n' "$p" "$p"; done) | debugfs -w -f - "$raw" > /dev/null 2>&1
fi
# The base is named by its stamp so that rebuilding never changes the backing file of existing machines' disks.
rootfs="rootfs-$stamp.qcow2"
qemu-img convert -f raw -O qcow2 "$raw" "$out/$rootfs.tmp"
mv "$out/$rootfs.tmp" "$out/$rootfs"
ln -sfn "$rootfs" "$out/rootfs.qcow2"
cp "$work/pkg/boot/vmlinuz-$kver" "$out/vmlinuz.tmp" && mv "$out/vmlinuz.tmp" "$out/vmlinuz"
mv "$work/initrd.img" "$out/initrd.img"

cmdline="console=tty1 console=ttyS0,115200 root=/dev/vda rw quiet loglevel=3 memhp_default_state=online 8250.nr_uarts=2 i8042.noaux i8042.nomux i8042.nopnp mitigations=off tsc=reliable no_timer_check random.trust_cpu=on swiotlb=noforce cryptomgr.notests"
{
    echo '{'
    echo '  "name": "devcluster-linux",'
    echo "  \"displayName\": \"devcluster Linux (Debian $kver kernel, busybox, dropbear)\","
    echo '  "kernel": "vmlinuz",'
    echo '  "initrd": "initrd.img",'
    echo "  \"rootfs\": \"$rootfs\","
    echo "  \"cmdline\": \"$cmdline\","
    echo '  "sshUser": "root",'
    echo '  "minimumDiskSize": "1Gi",'
    echo '  "packages": {'
    n=0
    for p in "${fetch[@]}"; do
        n=$((n + 1)); sep=,; ((n == ${#fetch[@]})) && sep=
        echo "    \"$p\": \"${versions[$p]}\"$sep"
    done
    echo '  },'
    echo "  \"stamp\": \"$stamp\","
    echo "  \"built\": \"$(date -u +%Y-%m-%dT%H:%M:%SZ)\""
    echo '}'
} > "$out/image.json.tmp"
mv "$out/image.json.tmp" "$out/image.json"
echo "$stamp" > "$out/.stamp"
printf 'guest image built in %.1f s: %s (kernel %s, initrd %s, base %s)\n' "$(echo "$(date +%s.%N) - $started" | bc)" "$out" \
    "$(du -h "$out/vmlinuz" | cut -f1)" "$(du -h "$out/initrd.img" | cut -f1)" "$(du -h "$out/$rootfs" | cut -f1)"
