# The native probe: writes "dockerwasm probe ok\n" to stdout with raw Linux syscalls and exits 0.
# Built with `gcc -nostdlib -static -s -Wl,--build-id=none -Wl,-z,noseparate-code -o hello hello-x86_64.S` (no libc at all);
# the bytes are in probe-payloads.ts.
    .globl _start
    .text
_start:
    mov $1, %eax            # write(1, message, 20)
    mov $1, %edi
    lea message(%rip), %rsi
    mov $20, %edx
    syscall
    mov $60, %eax           # exit(0)
    xor %edi, %edi
    syscall
    .section .rodata
message:
    .ascii "dockerwasm probe ok\n"
