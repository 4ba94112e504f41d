//! Runs a WASI preview 1 command on WasmEdge through its C API (opened at run time: `wasmedge_api`),
//! wasi-threads included. WasmEdge runs the threads proposal (a shared memory, atomics) but not
//! wasi-threads (WasmEdge#2273 was closed unimplemented), so a module built for wasm32-wasip1-threads
//! cannot start there: nothing provides its shared `env` `memory` or its `wasi` `thread-spawn`. This
//! provides both through WasmEdge's C API, as wasi-threads specifies: one shared memory, and for each
//! spawned thread a new instance of the module over it, on an OS thread of its own, entered at
//! `wasi_thread_start(tid, start_arg)`. The instances share one WASI context (files, args, environment).
//! A module AOT-compiled by `wasmedge compile --enable-threads` runs its native code on every thread.
//! A module rewritten by `wasm-host-waits` finds its atomic waits and notifies here (`dockerwasm`
//! module), on futexes: WasmEdge's own lose wake-ups (`host_waits`).
use anyhow::{Context, Result, bail};
use std::ffi::{CStr, CString, c_char, c_void};
use std::ptr::{null, null_mut};
use std::sync::atomic::{AtomicI32, AtomicU32, Ordering};
use crate::futex_waits;
use crate::host_waits::{HOST_MODULE, NOTIFY, WAIT32};
use crate::threaded_module::spawns_threads;
use crate::wasmedge_api::{WasmEdgeApi, open};
use wasmedge_sys::ffi::*;

/// What every thread needs to start an instance of its own. It lives as long as the process: a
/// thread may still be parked in the guest's pool when the main function returns.
struct Threads {
    api: &'static WasmEdgeApi,
    executor: *mut WasmEdge_ExecutorContext,
    store: *mut WasmEdge_StoreContext,
    module: *mut WasmEdge_ASTModuleContext,
    wasi: *mut WasmEdge_ModuleInstanceContext,
    next_tid: AtomicI32,
}

// The contexts are WasmEdge's; its executor runs instances of one store on several threads (the
// threads proposal), and these pointers are only read after setup.
unsafe impl Send for Threads {}
unsafe impl Sync for Threads {}

/// wasi-threads: thread ids are positive and below 2^29.
const MAX_TID: i32 = 0x1FFF_FFFF;
/// The native stack of a guest thread: AOT code runs on it, so give it what a main thread gets.
const THREAD_STACK: usize = 8 << 20;

/// Runs a WASI preview 1 command and calls `func`; the result is the guest's `proc_exit` code (0 when
/// `func` returns). `preopens` are `guest:host` pairs. A module that spawns threads gets WasmEdge's
/// threads proposal and wasi-threads; a trap or `proc_exit` on another thread ends the process, as
/// wasi-threads specifies.
pub fn run_wasi_command(bytes: &[u8], func: &str, args: &[String], envs: &[String], preopens: &[String]) -> Result<i32> {
    let api = open()?;
    unsafe {
        let config = (api.configure_create)();
        if spawns_threads(bytes) {
            (api.configure_add_proposal)(config, WasmEdge_Proposal_Threads);
        }

        let loader = (api.loader_create)(config);
        let mut module = null_mut();
        check(api, (api.loader_parse_from_buffer)(loader, &mut module, bytes.as_ptr(), bytes.len() as u32)).context("loading the module")?;
        let validator = (api.validator_create)(config);
        check(api, (api.validator_validate)(validator, module)).context("validating the module")?;
        let executor = (api.executor_create)(config, null_mut());
        let store = (api.store_create)();

        if let Some(import) = imported_memory(api, module) {
            let provider = (api.module_instance_create)((api.import_type_get_module_name)(import));
            let limit = (api.memory_type_get_limit)((api.import_type_get_memory_type)(module, import));
            let memory = (api.memory_instance_create)((api.memory_type_create)(limit));
            (api.module_instance_add_memory)(provider, (api.import_type_get_external_name)(import), memory);
            check(api, (api.executor_register_import)(executor, store, provider)).context("providing the shared memory")?;
        }

        let args = CStrings::new(args)?;
        let envs = CStrings::new(envs)?;
        let preopens = CStrings::new(preopens)?;
        let wasi = (api.module_instance_create_wasi)(
            args.pointers.as_ptr(),
            args.len(),
            envs.pointers.as_ptr(),
            envs.len(),
            preopens.pointers.as_ptr(),
            preopens.len(),
        );
        if wasi.is_null() {
            bail!("WasmEdge could not create the WASI module");
        }
        check(api, (api.executor_register_import)(executor, store, wasi)).context("providing WASI")?;

        let threads: &'static Threads = Box::leak(Box::new(Threads { api, executor, store, module, wasi, next_tid: AtomicI32::new(1) }));
        let spawner = (api.module_instance_create)(Name::new(api, "wasi").0);
        let i32_type = [(api.val_type_gen_i32)()];
        let spawn_type = (api.function_type_create)(i32_type.as_ptr(), 1, i32_type.as_ptr(), 1);
        let spawn = (api.function_instance_create)(spawn_type, Some(thread_spawn), threads as *const Threads as *mut c_void, 0);
        (api.module_instance_add_function)(spawner, Name::new(api, "thread-spawn").0, spawn);
        check(api, (api.executor_register_import)(executor, store, spawner)).context("providing thread-spawn")?;
        register_atomic_waits(api, executor, store)?;

        let mut instance = null_mut();
        check(api, (api.executor_instantiate)(executor, &mut instance, store, module)).context("instantiating the module")?;
        let entry = (api.module_instance_find_function)(instance, Name::new(api, func).0);
        if entry.is_null() {
            bail!("the module exports no function {func:?}");
        }
        // `proc_exit` ends the call with "terminated", which counts as success; its code is WASI's.
        check(api, (api.executor_invoke)(executor, entry, null(), 0, null_mut(), 0)).with_context(|| format!("running {func}"))?;
        Ok((api.module_instance_wasi_get_exit_code)(wasi) as i32)
    }
}

/// `wasi` `thread-spawn(start_arg) -> tid`: starts a thread and returns its id, or a negative number
/// when it could not be started.
unsafe extern "C" fn thread_spawn(
    data: *mut c_void,
    _frame: *const WasmEdge_CallingFrameContext,
    params: *const WasmEdge_Value,
    returns: *mut WasmEdge_Value,
) -> WasmEdge_Result {
    unsafe {
        let threads = &*(data as *const Threads);
        let api = threads.api;
        let start_arg = (api.value_get_i32)(*params);
        let tid = threads.next_tid.fetch_add(1, Ordering::Relaxed);
        let started = tid <= MAX_TID
            && std::thread::Builder::new()
                .name(format!("wasi-thread-{tid}"))
                .stack_size(THREAD_STACK)
                .spawn(move || run_thread(threads, tid, start_arg))
                .is_ok();
        *returns = (api.value_gen_i32)(if started { tid } else { -1 });
        (api.result_gen)(WasmEdge_ErrCategory_WASM, WasmEdge_ErrCode_Success)
    }
}

/// A spawned thread: an instance of its own over the shared memory, entered at `wasi_thread_start`.
fn run_thread(threads: &'static Threads, tid: i32, start_arg: i32) {
    let api = threads.api;
    let outcome = unsafe {
        let mut instance = null_mut();
        check(api, (api.executor_instantiate)(threads.executor, &mut instance, threads.store, threads.module))
            .context("instantiating the module for a new thread")
            .and_then(|()| {
                let entry = (api.module_instance_find_function)(instance, Name::new(api, "wasi_thread_start").0);
                if entry.is_null() {
                    bail!("the module spawns threads but exports no wasi_thread_start");
                }
                let params = [(api.value_gen_i32)(tid), (api.value_gen_i32)(start_arg)];
                let result = (api.executor_invoke)(threads.executor, entry, params.as_ptr(), 2, null_mut(), 0);
                if (api.result_get_code)(result) == WasmEdge_ErrCode_Terminated {
                    std::process::exit((api.module_instance_wasi_get_exit_code)(threads.wasi) as i32);
                }
                check(api, result)
            })
    };
    if let Err(error) = outcome {
        eprintln!("wasi thread {tid}: {error:#}");
        std::process::exit(1);
    }
}

/// The `dockerwasm` module: `memory.atomic.wait32` and `memory.atomic.notify` for a module rewritten by
/// `wasm-host-waits`, which passes each the instruction's operands and its static offset.
unsafe fn register_atomic_waits(api: &'static WasmEdgeApi, executor: *mut WasmEdge_ExecutorContext, store: *mut WasmEdge_StoreContext) -> Result<()> {
    unsafe {
        let (i32_type, i64_type) = ((api.val_type_gen_i32)(), (api.val_type_gen_i64)());
        let provider = (api.module_instance_create)(Name::new(api, HOST_MODULE).0);
        let data = api as *const WasmEdgeApi as *mut c_void;
        let wait_params = [i32_type, i32_type, i64_type, i32_type];
        let wait_type = (api.function_type_create)(wait_params.as_ptr(), 4, &i32_type, 1);
        (api.module_instance_add_function)(provider, Name::new(api, WAIT32).0, (api.function_instance_create)(wait_type, Some(atomic_wait32), data, 0));
        let notify_params = [i32_type, i32_type, i32_type];
        let notify_type = (api.function_type_create)(notify_params.as_ptr(), 3, &i32_type, 1);
        (api.module_instance_add_function)(provider, Name::new(api, NOTIFY).0, (api.function_instance_create)(notify_type, Some(atomic_notify), data, 0));
        check(api, (api.executor_register_import)(executor, store, provider)).with_context(|| format!("providing {HOST_MODULE}'s atomic waits"))
    }
}

/// `(address, expected, timeout_ns, offset) -> 0 woken | 1 not equal | 2 timed out`
unsafe extern "C" fn atomic_wait32(
    data: *mut c_void,
    frame: *const WasmEdge_CallingFrameContext,
    params: *const WasmEdge_Value,
    returns: *mut WasmEdge_Value,
) -> WasmEdge_Result {
    unsafe {
        let api = &*(data as *const WasmEdgeApi);
        let params = std::slice::from_raw_parts(params, 4);
        let word = match atomic_word(api, frame, (api.value_get_i32)(params[0]), (api.value_get_i32)(params[3])) {
            Ok(word) => word,
            Err(code) => return (api.result_gen)(WasmEdge_ErrCategory_WASM, code),
        };
        let outcome = futex_waits::wait(word, (api.value_get_i32)(params[1]) as u32, (api.value_get_i64)(params[2]));
        *returns = (api.value_gen_i32)(outcome as i32);
        (api.result_gen)(WasmEdge_ErrCategory_WASM, WasmEdge_ErrCode_Success)
    }
}

/// `(address, count, offset) -> woken`
unsafe extern "C" fn atomic_notify(
    data: *mut c_void,
    frame: *const WasmEdge_CallingFrameContext,
    params: *const WasmEdge_Value,
    returns: *mut WasmEdge_Value,
) -> WasmEdge_Result {
    unsafe {
        let api = &*(data as *const WasmEdgeApi);
        let params = std::slice::from_raw_parts(params, 3);
        let word = match atomic_word(api, frame, (api.value_get_i32)(params[0]), (api.value_get_i32)(params[2])) {
            Ok(word) => word,
            Err(code) => return (api.result_gen)(WasmEdge_ErrCategory_WASM, code),
        };
        let woken = futex_waits::notify(word, (api.value_get_i32)(params[1]) as u32);
        *returns = (api.value_gen_i32)(woken as i32);
        (api.result_gen)(WasmEdge_ErrCategory_WASM, WasmEdge_ErrCode_Success)
    }
}

/// The 4-byte word at `address + offset` of the caller's memory 0, or the trap the instruction would raise.
unsafe fn atomic_word<'a>(api: &WasmEdgeApi, frame: *const WasmEdge_CallingFrameContext, address: i32, offset: i32) -> Result<&'a AtomicU32, u32> {
    let effective = address as u32 as u64 + offset as u32 as u64;
    if effective > u64::from(u32::MAX) {
        return Err(WasmEdge_ErrCode_MemoryOutOfBounds);
    }
    if effective % 4 != 0 {
        return Err(WasmEdge_ErrCode_UnalignedAtomicAccess);
    }
    unsafe {
        let memory = (api.calling_frame_get_memory_instance)(frame, 0);
        let pointer = if memory.is_null() { null_mut() } else { (api.memory_instance_get_pointer)(memory, effective as u32, 4) };
        if pointer.is_null() {
            return Err(WasmEdge_ErrCode_MemoryOutOfBounds);
        }
        // a memory never moves: WasmEdge reserves 12 GiB of address space for it and grows it in place
        Ok(AtomicU32::from_ptr(pointer as *mut u32))
    }
}

/// The module's memory import (`env` `memory`, shared, in a module that spawns threads), if it has one.
unsafe fn imported_memory(api: &WasmEdgeApi, module: *const WasmEdge_ASTModuleContext) -> Option<*const WasmEdge_ImportTypeContext> {
    unsafe {
        let count = (api.ast_module_list_imports_length)(module);
        let mut imports = vec![null(); count as usize];
        (api.ast_module_list_imports)(module, imports.as_mut_ptr(), count);
        imports.into_iter().find(|&import| (api.import_type_get_external_type)(import) == WasmEdge_ExternalType_Memory)
    }
}

unsafe fn check(api: &WasmEdgeApi, result: WasmEdge_Result) -> Result<()> {
    unsafe {
        if (api.result_ok)(result) {
            return Ok(());
        }
        bail!("{}", CStr::from_ptr((api.result_get_message)(result)).to_string_lossy())
    }
}

/// A WasmEdge string, deleted when dropped (WasmEdge copies the names it keeps).
struct Name(WasmEdge_String, &'static WasmEdgeApi);

impl Name {
    fn new(api: &'static WasmEdgeApi, text: &str) -> Self {
        Self(unsafe { (api.string_create_by_buffer)(text.as_ptr() as *const c_char, text.len() as u32) }, api)
    }
}

impl Drop for Name {
    fn drop(&mut self) {
        unsafe { (self.1.string_delete)(self.0) }
    }
}

/// C strings and the array of pointers to them that WASI's constructor takes.
struct CStrings {
    _owned: Vec<CString>,
    pointers: Vec<*const c_char>,
}

impl CStrings {
    fn new(texts: &[String]) -> Result<Self> {
        let owned = texts.iter().map(|text| CString::new(text.as_str())).collect::<Result<Vec<_>, _>>().context("an argument or variable holds a NUL byte")?;
        let pointers = owned.iter().map(|text| text.as_ptr()).collect();
        Ok(Self { _owned: owned, pointers })
    }

    fn len(&self) -> u32 {
        self.pointers.len() as u32
    }
}
