#!/bin/sh
# The man pages, made at build time: pmo writes each page in scdoc
# (pmo __man, from its command table and the kinds' schemas), scdoc turns
# it into roff. Usage: build.sh PMO SCDOC OUTDIR; OUTDIR gets man1/ and man5/.
set -eu
abs() { case $1 in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
pmo=$(abs "$1") scdoc=$2 out=$(abs "$3")
# the built-in kinds only, whatever folder the build runs in
export GIT_CEILING_DIRECTORIES="$(dirname "$out")"
rm -rf "$out"
mkdir -p "$out/man1" "$out/man5"
SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-0}
export SOURCE_DATE_EPOCH
for page in $("$pmo" -C "$out" __man --list); do
	name=${page%.*}
	section=${page##*.}
	"$pmo" -C "$out" __man "$name" >"$out/man$section/$name.scd"
	"$scdoc" <"$out/man$section/$name.scd" >"$out/man$section/$page"
	rm "$out/man$section/$name.scd"
done
