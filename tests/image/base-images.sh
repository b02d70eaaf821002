#!/usr/bin/env bash
# Stand-ins for the Dockerfile's two base images, made on this machine without pulling anything:
#
#   sdk      a Debian root file system (debootstrap) with this machine's .NET SDK copied into
#            /usr/share/dotnet and the machine's CA bundle (NuGet is reached through it)
#   runtime  only what the framework-dependent executable needs, no shell: the .NET and ASP.NET
#            Core shared frameworks from that SDK, the libraries they link and load (found with
#            ldd, copied from the Debian root), a CA bundle, and the user 1654 in /etc/passwd
#
# Usage: base-images.sh WORK_DIR   (prints SDK_IMAGE=... and RUNTIME_IMAGE=... on stdout)
# The Debian root is made once and kept in WORK_DIR; an image is imported again only when what
# goes into it changed (a content key in its label). Needs root (debootstrap, files owned by
# uid 1654) and a Docker engine; DOCKER names the client (tools/image/docker).
set -euo pipefail
trap 'echo "base-images: line $LINENO failed: $BASH_COMMAND" >&2' ERR

work="$(realpath -m "${1:?usage: base-images.sh WORK_DIR}")"
docker="${DOCKER:-docker}"
# The machine's own Debian release, from the mirror its apt uses for it.
suite="${DEBIAN_SUITE:-$(. /etc/os-release && echo "$VERSION_CODENAME")}"
mirror="${DEBIAN_MIRROR:-$(apt-get indextargets --format '$(REPO_URI) $(RELEASE)' 'Identifier: Packages' \
  | awk -v suite="$suite" '$2 == suite { print $1; exit }')}"
# ca-certificates brings libssl3 (OpenSSL, which .NET loads at run time); the SDK's own tools
# use ICU, as they do in the official SDK image (the release's ICU package: the machine's SDK
# runs on it here).
icu="$(dpkg-query -W -f '${db:Status-Abbrev} ${Package}\n' 'libicu[0-9]*' 2>/dev/null | awk '$1 == "ii" { print $2; exit }')"
packages="ca-certificates${icu:+,$icu}"
dotnet_root="${DOTNET_ROOT_FOR_IMAGE:-$(dirname "$(readlink -f "$(command -v dotnet)")")}"
multiarch="$(uname -m)-linux-gnu"

log() { echo "base-images: $*" >&2; }
[[ -n "$suite" && -n "$mirror" ]] || { log "no Debian release or no apt source for it (set DEBIAN_SUITE, DEBIAN_MIRROR)"; exit 1; }
mkdir -p "$work"

# -- The Debian root, once ---------------------------------------------------------------------
debian="$work/debian-$suite"
stamp="$suite $mirror $packages"
if [[ ! -f "$debian.done" || "$(cat "$debian.done")" != "$stamp" ]]; then
  log "debootstrap $suite (minbase + $packages) into $debian"
  rm -rf "$debian" "$debian.done"
  started=$SECONDS
  debootstrap --variant=minbase --include="$packages" "$suite" "$debian" "$mirror" > "$work/debootstrap.log" 2>&1 \
    || { tail -20 "$work/debootstrap.log" >&2; exit 1; }
  rm -rf "$debian"/var/cache/apt/archives/*.deb "$debian"/var/lib/apt/lists/*
  echo "$stamp" > "$debian.done"
  log "debootstrap took $((SECONDS - started)) s"
fi

sdk_version="$("$dotnet_root/dotnet" --version)"
runtime_version="$(basename "$(ls -d "$dotnet_root"/shared/Microsoft.AspNetCore.App/10.* | sort -V | tail -1)")"
[[ -d "$dotnet_root/shared/Microsoft.NETCore.App/$runtime_version" ]] \
  || { log "no Microsoft.NETCore.App $runtime_version beside the ASP.NET Core one in $dotnet_root"; exit 1; }

# True when IMAGE exists and carries KEY, the content key of what went into it.
is_current() {
  [[ "$("$docker" image inspect -f '{{ index .Config.Labels "admission-guard.stand-in.key" }}' "$1" 2>/dev/null)" == "$2" ]]
}

# Imports the tar stream on stdin as IMAGE with KEY (and further --change options). The stream
# goes in under a temporary name first, so a failed or cut stream never gets the image's name.
import_as() {
  local image="$1" key="$2" old; shift 2
  log "importing $image"
  "$docker" import --change "LABEL admission-guard.stand-in.key=$key" "$@" - "$image-partial" >/dev/null
  old="$("$docker" image inspect -f '{{.Id}}' "$image" 2>/dev/null || true)"
  "$docker" tag "$image-partial" "$image"
  "$docker" image rm "$image-partial" >/dev/null
  # The replaced stand-in would otherwise stay behind, untagged, after every change.
  [[ -z "$old" ]] || "$docker" image rm "$old" >/dev/null 2>&1 || true
}

key_of() { sha256sum | cut -c1-16; }
ca_bundle=/etc/ssl/certs/ca-certificates.crt

# -- SDK stand-in -------------------------------------------------------------------------------
sdk_image="admission-guard-stand-in/sdk:$sdk_version"
sdk_extra="$work/sdk-extra"
rm -rf "$sdk_extra" && mkdir -p "$sdk_extra/usr/bin" "$sdk_extra/etc/ssl/certs"
ln -s ../share/dotnet/dotnet "$sdk_extra/usr/bin/dotnet"
cp "$ca_bundle" "$sdk_extra/etc/ssl/certs/ca-certificates.crt"
sdk_env=(--change "ENV DOTNET_RUNNING_IN_CONTAINER=true" --change "ENV DOTNET_NOLOGO=true"
         --change "ENV DOTNET_CLI_TELEMETRY_OPTOUT=true" --change "ENV NUGET_XMLDOC_MODE=skip")
# Package signatures are checked against revocation lists; where this machine's NuGet is set to
# check them offline, so is the stand-in (its network is the machine's).
[[ -z "${NUGET_CERT_REVOCATION_MODE:-}" ]] || sdk_env+=(--change "ENV NUGET_CERT_REVOCATION_MODE=$NUGET_CERT_REVOCATION_MODE")
sdk_key="$( { echo "$stamp $sdk_version ${sdk_env[*]}"; sha256sum "$ca_bundle"; } | key_of)"
if is_current "$sdk_image" "$sdk_key"; then
  log "$sdk_image is current"
else
  # Docker refuses a path twice in one stream: the machine's bundle replaces the Debian one.
  tar -c --exclude=./etc/ssl/certs/ca-certificates.crt -C "$debian" . \
      -C "$sdk_extra" usr/bin/dotnet etc/ssl/certs/ca-certificates.crt \
      -C / "${dotnet_root#/}" --transform "s,^${dotnet_root#/},usr/share/dotnet," \
    | import_as "$sdk_image" "$sdk_key" "${sdk_env[@]}"
fi

# -- Runtime stand-in ---------------------------------------------------------------------------
runtime_image="admission-guard-stand-in/aspnet:$runtime_version"
root="$work/runtime-root"
rm -rf "$root"
mkdir -p "$root/usr/share/dotnet/shared" "$root/usr/share/dotnet/host" "$root/usr/bin" "$root/usr/lib/$multiarch" \
  "$root/usr/lib64" "$root/etc/ssl/certs" "$root/app" "$root/home/app" "$root/tmp"
ln -s usr/lib "$root/lib"
ln -s usr/lib64 "$root/lib64"
cp -a "$dotnet_root/dotnet" "$dotnet_root/LICENSE.txt" "$dotnet_root/ThirdPartyNotices.txt" "$root/usr/share/dotnet/"
cp -a "$dotnet_root/host/fxr" "$root/usr/share/dotnet/host/"
for framework in Microsoft.NETCore.App Microsoft.AspNetCore.App; do
  mkdir -p "$root/usr/share/dotnet/shared/$framework"
  cp -a "$dotnet_root/shared/$framework/$runtime_version" "$root/usr/share/dotnet/shared/$framework/"
done
ln -s ../share/dotnet/dotnet "$root/usr/bin/dotnet"
cp "$debian/etc/ssl/certs/ca-certificates.crt" "$root/etc/ssl/certs/"
# As in the chiseled image: root and app (1654), whose shells do not exist.
printf 'root:x:0:0:root:/root:/bin/bash\napp:x:1654:1654::/home/app:/bin/false\n' > "$root/etc/passwd"
printf 'root:x:0:\napp:x:1654:\n' > "$root/etc/group"
chown 1654:1654 "$root/home/app"
chmod 1777 "$root/tmp"

# Libraries: what ldd says the runtime's own files and the app host link, plus OpenSSL, which
# System.Security.Cryptography.Native loads with dlopen (ldd cannot see it). Each is copied
# from the Debian root. LTTng (tracing) is optional: the runtime runs without it.
apphost="$(ls "$dotnet_root"/packs/Microsoft.NETCore.App.Host.linux-*/*/runtimes/*/native/apphost | sort -V | tail -1)"
mapfile -t elves < <(find "$root/usr/share/dotnet" -type f \( -name '*.so' -o -name dotnet \); echo "$apphost")
needed="$( { for f in "${elves[@]}"; do ldd "$f"; done
             ldd "$debian/usr/lib/$multiarch/libssl.so.3"; echo "libssl.so.3 => /usr/lib/$multiarch/libssl.so.3"; } \
  | awk '$2 == "=>" { print $1, $3 } $1 ~ /^\/.*ld-linux/ { print $1, $1 }' | sort -u)"
if grep -v '^liblttng' <<<"$needed" | grep -q ' not$'; then
  log "libraries not found:"; grep ' not$' <<<"$needed" >&2; exit 1
fi
while read -r name path; do
  [[ "$path" == not || "$path" == "$dotnet_root"/* || "$path" == "$root"/* ]] && continue
  if [[ "$name" == /* ]]; then
    # The dynamic loader, named by its absolute path (/lib64/ld-linux-x86-64.so.2): the file
    # from the Debian root's library directory, and a link at that path.
    cp -L "$debian/usr/lib/$multiarch/$(basename "$name")" "$root/usr/lib/$multiarch/"
    ln -sfn "/usr/lib/$multiarch/$(basename "$name")" "$root$name"
  else
    found="$(ls "$debian/usr/lib/$multiarch/$name" 2>/dev/null || true)"
    [[ -n "$found" ]] || { log "$name (linked by the runtime) is not in the Debian root"; exit 1; }
    cp -L "$found" "$root/usr/lib/$multiarch/$name"
  fi
done <<<"$needed"
if find "$root" \( -name sh -o -name bash -o -name dash -o -name busybox \) | grep -q .; then
  log "the runtime stand-in has a shell"; exit 1
fi

runtime_env=(--change "ENV APP_UID=1654" --change "ENV ASPNETCORE_HTTP_PORTS=8080"
             --change "ENV DOTNET_RUNNING_IN_CONTAINER=true" --change "ENV DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=true"
             --change "ENV DOTNET_VERSION=$runtime_version" --change "ENV ASPNET_VERSION=$runtime_version"
             --change "USER 1654")
runtime_key="$( { echo "$stamp $runtime_version ${runtime_env[*]}"; find "$root" -printf '%P %s %m %u\n' | sort; } | key_of)"
if is_current "$runtime_image" "$runtime_key"; then
  log "$runtime_image is current"
else
  tar -c -C "$root" . | import_as "$runtime_image" "$runtime_key" "${runtime_env[@]}"
fi
log "$runtime_image: $(du -sh "$root" | cut -f1) unpacked, $(find "$root" -type f | wc -l) files"

echo "SDK_IMAGE=$sdk_image"
echo "RUNTIME_IMAGE=$runtime_image"
