//! The part of WasmEdge's C API we call, opened from libwasmedge at run time instead of linked. Linking
//! makes every exec of the shim load libwasmedge and, with it, libLLVM (19 ms here, against 2 ms for the
//! wasmtime shim), and containerd execs a shim three times per container (`start`, the server, `delete`).
//! Opened with `open()`, the library is loaded once, by the server, before it creates the container:
//! the container process is forked from it and runs the module after `pivot_root`, where the host's
//! libraries are out of reach (crun's WasmEdge handler loads it early for the same reason).
//! Only the types come from `wasmedge-sys`; nothing here links its functions.
use anyhow::{Context, Result};
use libloading::Library;
use std::ffi::{c_char, c_void};
use std::sync::OnceLock;
use wasmedge_sys::ffi::*;

/// The file the dynamic loader finds libwasmedge 0.x by (Debian's `libwasmedge0`).
const LIBRARY: &str = "libwasmedge.so.0";

macro_rules! api {
    ($($field:ident = $symbol:literal: fn($($arg:ty),*) $(-> $ret:ty)?;)*) => {
        /// Entry points of libwasmedge, each under its C name without the `WasmEdge_` prefix, snake-cased.
        pub struct WasmEdgeApi {
            $(pub $field: unsafe extern "C" fn($($arg),*) $(-> $ret)?,)*
            _library: Library,
        }

        impl WasmEdgeApi {
            fn load(library: Library) -> Result<Self> {
                // SAFETY: each symbol is declared with the signature of wasmedge.h 0.14 (wasmedge-sys's bindings)
                unsafe {
                    Ok(Self {
                        $($field: *library
                            .get::<unsafe extern "C" fn($($arg),*) $(-> $ret)?>(concat!($symbol, "\0").as_bytes())
                            .with_context(|| format!("{LIBRARY} has no {}", $symbol))?,)*
                        _library: library,
                    })
                }
            }
        }
    };
}

api! {
    version_get = "WasmEdge_VersionGet": fn() -> *const c_char;
    configure_create = "WasmEdge_ConfigureCreate": fn() -> *mut WasmEdge_ConfigureContext;
    configure_add_proposal = "WasmEdge_ConfigureAddProposal": fn(*mut WasmEdge_ConfigureContext, WasmEdge_Proposal);
    loader_create = "WasmEdge_LoaderCreate": fn(*const WasmEdge_ConfigureContext) -> *mut WasmEdge_LoaderContext;
    loader_parse_from_buffer = "WasmEdge_LoaderParseFromBuffer": fn(*mut WasmEdge_LoaderContext, *mut *mut WasmEdge_ASTModuleContext, *const u8, u32) -> WasmEdge_Result;
    validator_create = "WasmEdge_ValidatorCreate": fn(*const WasmEdge_ConfigureContext) -> *mut WasmEdge_ValidatorContext;
    validator_validate = "WasmEdge_ValidatorValidate": fn(*mut WasmEdge_ValidatorContext, *const WasmEdge_ASTModuleContext) -> WasmEdge_Result;
    executor_create = "WasmEdge_ExecutorCreate": fn(*const WasmEdge_ConfigureContext, *mut WasmEdge_StatisticsContext) -> *mut WasmEdge_ExecutorContext;
    executor_register_import = "WasmEdge_ExecutorRegisterImport": fn(*mut WasmEdge_ExecutorContext, *mut WasmEdge_StoreContext, *const WasmEdge_ModuleInstanceContext) -> WasmEdge_Result;
    executor_instantiate = "WasmEdge_ExecutorInstantiate": fn(*mut WasmEdge_ExecutorContext, *mut *mut WasmEdge_ModuleInstanceContext, *mut WasmEdge_StoreContext, *const WasmEdge_ASTModuleContext) -> WasmEdge_Result;
    executor_invoke = "WasmEdge_ExecutorInvoke": fn(*mut WasmEdge_ExecutorContext, *const WasmEdge_FunctionInstanceContext, *const WasmEdge_Value, u32, *mut WasmEdge_Value, u32) -> WasmEdge_Result;
    store_create = "WasmEdge_StoreCreate": fn() -> *mut WasmEdge_StoreContext;
    ast_module_list_imports_length = "WasmEdge_ASTModuleListImportsLength": fn(*const WasmEdge_ASTModuleContext) -> u32;
    ast_module_list_imports = "WasmEdge_ASTModuleListImports": fn(*const WasmEdge_ASTModuleContext, *mut *const WasmEdge_ImportTypeContext, u32) -> u32;
    import_type_get_external_type = "WasmEdge_ImportTypeGetExternalType": fn(*const WasmEdge_ImportTypeContext) -> WasmEdge_ExternalType;
    import_type_get_module_name = "WasmEdge_ImportTypeGetModuleName": fn(*const WasmEdge_ImportTypeContext) -> WasmEdge_String;
    import_type_get_external_name = "WasmEdge_ImportTypeGetExternalName": fn(*const WasmEdge_ImportTypeContext) -> WasmEdge_String;
    import_type_get_memory_type = "WasmEdge_ImportTypeGetMemoryType": fn(*const WasmEdge_ASTModuleContext, *const WasmEdge_ImportTypeContext) -> *const WasmEdge_MemoryTypeContext;
    memory_type_create = "WasmEdge_MemoryTypeCreate": fn(WasmEdge_Limit) -> *mut WasmEdge_MemoryTypeContext;
    memory_type_get_limit = "WasmEdge_MemoryTypeGetLimit": fn(*const WasmEdge_MemoryTypeContext) -> WasmEdge_Limit;
    memory_instance_create = "WasmEdge_MemoryInstanceCreate": fn(*const WasmEdge_MemoryTypeContext) -> *mut WasmEdge_MemoryInstanceContext;
    module_instance_create = "WasmEdge_ModuleInstanceCreate": fn(WasmEdge_String) -> *mut WasmEdge_ModuleInstanceContext;
    module_instance_create_wasi = "WasmEdge_ModuleInstanceCreateWASI": fn(*const *const c_char, u32, *const *const c_char, u32, *const *const c_char, u32) -> *mut WasmEdge_ModuleInstanceContext;
    module_instance_wasi_get_exit_code = "WasmEdge_ModuleInstanceWASIGetExitCode": fn(*const WasmEdge_ModuleInstanceContext) -> u32;
    module_instance_add_memory = "WasmEdge_ModuleInstanceAddMemory": fn(*mut WasmEdge_ModuleInstanceContext, WasmEdge_String, *mut WasmEdge_MemoryInstanceContext);
    module_instance_add_function = "WasmEdge_ModuleInstanceAddFunction": fn(*mut WasmEdge_ModuleInstanceContext, WasmEdge_String, *mut WasmEdge_FunctionInstanceContext);
    module_instance_find_function = "WasmEdge_ModuleInstanceFindFunction": fn(*const WasmEdge_ModuleInstanceContext, WasmEdge_String) -> *mut WasmEdge_FunctionInstanceContext;
    function_type_create = "WasmEdge_FunctionTypeCreate": fn(*const WasmEdge_ValType, u32, *const WasmEdge_ValType, u32) -> *mut WasmEdge_FunctionTypeContext;
    function_instance_create = "WasmEdge_FunctionInstanceCreate": fn(*const WasmEdge_FunctionTypeContext, WasmEdge_HostFunc_t, *mut c_void, u64) -> *mut WasmEdge_FunctionInstanceContext;
    val_type_gen_i32 = "WasmEdge_ValTypeGenI32": fn() -> WasmEdge_ValType;
    val_type_gen_i64 = "WasmEdge_ValTypeGenI64": fn() -> WasmEdge_ValType;
    value_gen_i32 = "WasmEdge_ValueGenI32": fn(i32) -> WasmEdge_Value;
    value_get_i32 = "WasmEdge_ValueGetI32": fn(WasmEdge_Value) -> i32;
    value_get_i64 = "WasmEdge_ValueGetI64": fn(WasmEdge_Value) -> i64;
    calling_frame_get_memory_instance = "WasmEdge_CallingFrameGetMemoryInstance": fn(*const WasmEdge_CallingFrameContext, u32) -> *mut WasmEdge_MemoryInstanceContext;
    memory_instance_get_pointer = "WasmEdge_MemoryInstanceGetPointer": fn(*mut WasmEdge_MemoryInstanceContext, u32, u32) -> *mut u8;
    string_create_by_buffer = "WasmEdge_StringCreateByBuffer": fn(*const c_char, u32) -> WasmEdge_String;
    string_delete = "WasmEdge_StringDelete": fn(WasmEdge_String);
    result_ok = "WasmEdge_ResultOK": fn(WasmEdge_Result) -> bool;
    result_gen = "WasmEdge_ResultGen": fn(WasmEdge_ErrCategory, u32) -> WasmEdge_Result;
    result_get_code = "WasmEdge_ResultGetCode": fn(WasmEdge_Result) -> u32;
    result_get_message = "WasmEdge_ResultGetMessage": fn(WasmEdge_Result) -> *const c_char;
}

static API: OnceLock<WasmEdgeApi> = OnceLock::new();

/// Loads libwasmedge, once per process; later calls return the same table.
pub fn open() -> Result<&'static WasmEdgeApi> {
    if let Some(api) = API.get() {
        return Ok(api);
    }
    // SAFETY: libwasmedge's initialisers only set up its own state
    let library = unsafe { Library::new(LIBRARY) }.with_context(|| format!("loading {LIBRARY} (Debian: apt-get install libwasmedge0)"))?;
    let api = WasmEdgeApi::load(library)?;
    Ok(API.get_or_init(|| api))
}

/// WasmEdge's version, as the library reports it.
pub fn version() -> Result<String> {
    let api = open()?;
    // SAFETY: a static NUL-terminated string of the library
    Ok(unsafe { std::ffi::CStr::from_ptr((api.version_get)()) }.to_string_lossy().into_owned())
}
