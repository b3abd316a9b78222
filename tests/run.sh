#!/bin/sh
# The whole test suite, as CI runs it: a build with AddressSanitizer and
# UndefinedBehaviorSanitizer and warnings as errors, then every test.
set -eu
cd "$(dirname "$0")/.."
dir=${PMO_TEST_BUILD:-build-test}
if [ ! -d "$dir" ]; then
	meson setup "$dir" -Db_sanitize=address,undefined -Db_lundef=false -Dwerror=true
fi
ninja -C "$dir"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
meson test -C "$dir" --print-errorlogs "$@"
# the first session under valgrind: no leak, no memory error
if command -v valgrind >/dev/null 2>&1; then
	sh tests/valgrind.sh
fi
# the commands that read on several threads, under ThreadSanitizer, where
# the compiler has it
if printf 'int main(void){return 0;}\n' | ${CC:-cc} -fsanitize=thread -x c -o /dev/null - 2>/dev/null; then
	sh tests/tsan.sh
fi
