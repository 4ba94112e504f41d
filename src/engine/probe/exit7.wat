;; The exit-code probe: exits with code 7 through WASI preview 1's proc_exit. A runtime that reports
;; anything else for this container loses its guests' exit codes. Assembled with `wat2wasm exit7.wat`.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (call $proc_exit (i32.const 7))))
