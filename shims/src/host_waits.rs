//! Moves a module's atomic waits and notifies from WasmEdge to the runner. WasmEdge 0.14's
//! `Executor::atomicWait` compares the value before it registers the waiter, and `atomicNotify` signals
//! without the waiter's lock, so a notify landing in between is lost: an untimed wait never returns (a
//! wasm32-wasip1-threads module hangs, rayon's pool parks on futexes) and a timed one sleeps out its
//! timeout. Here each `memory.atomic.wait32` and `memory.atomic.notify` becomes a call to a function the
//! runner provides (`wasmedge_command`, on Linux futexes, which check and sleep in one step), imported
//! from module `dockerwasm` (`HOST_MODULE`) and given the instruction's operands and its static offset.
//! `memory.atomic.wait64` (no futex for 64 bits; Rust's std does not use it) stays WasmEdge's, its
//! untimed waits bounded to `WAIT64_BOUND_NS`: a lost wake-up then costs a short sleep, which every
//! futex caller takes as a spurious wake-up.
use anyhow::{Context, Result, bail};
use wasm_encoder::reencode::{Error, Reencode, RoundtripReencoder, utils};
use wasm_encoder::{CodeSection, EntityType, Function, ImportSection, Instruction, TypeSection, ValType};
use wasmparser::{FunctionBody, Parser, Payload, TypeRef};

/// The import module of the functions the runner provides.
pub const HOST_MODULE: &str = "dockerwasm";
/// `(address i32, expected i32, timeout_ns i64, offset i32) -> i32`: 0 woken, 1 not equal, 2 timed out.
pub const WAIT32: &str = "memory.atomic.wait32";
/// `(address i32, count i32, offset i32) -> i32`: how many waiters were woken.
pub const NOTIFY: &str = "memory.atomic.notify";
const WAIT64_BOUND_NS: i64 = 1_000_000;

/// How many instructions of each kind a rewrite moved to the runner (`wait64s`: left to WasmEdge, untimed ones bounded).
#[derive(Debug, Default, PartialEq)]
pub struct Rewritten {
    pub wait32s: usize,
    pub notifies: usize,
    pub wait64s: usize,
}

/// The module with its waits and notifies calling the runner's functions.
pub fn host_atomic_waits(bytes: &[u8]) -> Result<(Vec<u8>, Rewritten)> {
    let shape = ModuleShape::read(bytes).context("reading the module")?;
    if shape.imports_host_module {
        bail!("the module already imports from {HOST_MODULE:?}: it was rewritten before");
    }
    let mut rewriter = WaitMover {
        wait32_type: shape.types,
        notify_type: shape.types + 1,
        wait32_function: shape.imported_functions,
        notify_function: shape.imported_functions + 1,
        imported_functions: shape.imported_functions,
        params: shape.params,
        next_function: 0,
        counts: Rewritten::default(),
        other_memory: None,
    };
    let mut module = wasm_encoder::Module::new();
    rewriter.parse_core_module(&mut module, Parser::new(0), bytes).map_err(|error| anyhow::anyhow!("{error}"))?;
    if let Some(memory) = rewriter.other_memory {
        bail!("an atomic wait or notify on memory {memory}: the runners provide them on memory 0 only");
    }
    Ok((module.finish(), rewriter.counts))
}

/// What the rewrite needs to know before it starts: index spaces and each defined function's parameters.
struct ModuleShape {
    types: u32,
    imported_functions: u32,
    /// the number of parameters of each function the module defines, in code-section order: a
    /// function's locals are numbered after its parameters
    params: Vec<u32>,
    imports_host_module: bool,
}

impl ModuleShape {
    fn read(bytes: &[u8]) -> Result<Self> {
        let mut type_params = Vec::new();
        let mut shape = ModuleShape { types: 0, imported_functions: 0, params: Vec::new(), imports_host_module: false };
        let mut has_imports = false;
        for payload in Parser::new(0).parse_all(bytes) {
            match payload? {
                Payload::Version { encoding: wasmparser::Encoding::Component, .. } => bail!("a component, not a core module"),
                Payload::TypeSection(types) => {
                    for func_type in types.into_iter_err_on_gc_types() {
                        type_params.push(func_type?.params().len() as u32);
                    }
                }
                Payload::ImportSection(imports) => {
                    has_imports = true;
                    for import in imports {
                        let import = import?;
                        shape.imports_host_module |= import.module == HOST_MODULE;
                        if matches!(import.ty, TypeRef::Func(_)) {
                            shape.imported_functions += 1;
                        }
                    }
                }
                Payload::FunctionSection(functions) => {
                    for type_index in functions {
                        shape.params.push(*type_params.get(type_index? as usize).context("a function of an unknown type")?);
                    }
                }
                _ => {}
            }
        }
        if type_params.is_empty() || !has_imports {
            // a wasm32-wasip1-threads command always has both (WASI, thread-spawn, the shared memory)
            bail!("the module has no type or import section: not a wasm32-wasip1-threads command");
        }
        shape.types = type_params.len() as u32;
        Ok(shape)
    }
}

struct WaitMover {
    wait32_type: u32,
    notify_type: u32,
    wait32_function: u32,
    notify_function: u32,
    imported_functions: u32,
    params: Vec<u32>,
    next_function: usize,
    counts: Rewritten,
    other_memory: Option<u32>,
}

impl Reencode for WaitMover {
    type Error = std::convert::Infallible;

    /// The two imports come after the module's own, so its defined functions move up by two.
    fn function_index(&mut self, func: u32) -> Result<u32, Error<Self::Error>> {
        Ok(if func < self.imported_functions { func } else { func + 2 })
    }

    fn parse_type_section(&mut self, types: &mut TypeSection, section: wasmparser::TypeSectionReader<'_>) -> Result<(), Error<Self::Error>> {
        utils::parse_type_section(self, types, section)?;
        types.ty().function([ValType::I32, ValType::I32, ValType::I64, ValType::I32], [ValType::I32]);
        types.ty().function([ValType::I32, ValType::I32, ValType::I32], [ValType::I32]);
        Ok(())
    }

    fn parse_import_section(&mut self, imports: &mut ImportSection, section: wasmparser::ImportSectionReader<'_>) -> Result<(), Error<Self::Error>> {
        utils::parse_import_section(self, imports, section)?;
        imports.import(HOST_MODULE, WAIT32, EntityType::Function(self.wait32_type));
        imports.import(HOST_MODULE, NOTIFY, EntityType::Function(self.notify_type));
        Ok(())
    }

    fn parse_function_body(&mut self, code: &mut CodeSection, body: FunctionBody<'_>) -> Result<(), Error<Self::Error>> {
        let params = self.params.get(self.next_function).copied().unwrap_or(0);
        self.next_function += 1;
        let mut locals = Vec::new();
        let mut scratch = params;
        for pair in body.get_locals_reader()? {
            let (count, ty) = pair?;
            scratch += count;
            locals.push((count, RoundtripReencoder.val_type(ty)?));
        }
        let mut instructions = Vec::new();
        let mut operators = body.get_operators_reader()?;
        while !operators.eof() {
            instructions.push(utils::parse_instruction(self, &mut operators)?);
        }
        if instructions.iter().any(|instruction| matches!(instruction, Instruction::MemoryAtomicWait64(_))) {
            // one more i64 local holds a wait64's timeout while its bound is chosen
            locals.push((1, ValType::I64));
        }
        let mut function = Function::new(locals);
        for instruction in instructions {
            match &instruction {
                // [address, expected, timeout] -> call(address, expected, timeout, offset)
                Instruction::MemoryAtomicWait32(memarg) if memarg.memory_index == 0 => {
                    function.instruction(&Instruction::I32Const(memarg.offset as u32 as i32));
                    function.instruction(&Instruction::Call(self.wait32_function));
                    self.counts.wait32s += 1;
                }
                // [address, count] -> call(address, count, offset)
                Instruction::MemoryAtomicNotify(memarg) if memarg.memory_index == 0 => {
                    function.instruction(&Instruction::I32Const(memarg.offset as u32 as i32));
                    function.instruction(&Instruction::Call(self.notify_function));
                    self.counts.notifies += 1;
                }
                // [address, expected, timeout] -> [address, expected, timeout < 0 ? bound : timeout]
                Instruction::MemoryAtomicWait64(_) => {
                    function.instruction(&Instruction::LocalSet(scratch));
                    function.instruction(&Instruction::I64Const(WAIT64_BOUND_NS));
                    function.instruction(&Instruction::LocalGet(scratch));
                    function.instruction(&Instruction::LocalGet(scratch));
                    function.instruction(&Instruction::I64Const(0));
                    function.instruction(&Instruction::I64LtS);
                    function.instruction(&Instruction::Select);
                    function.instruction(&instruction);
                    self.counts.wait64s += 1;
                }
                Instruction::MemoryAtomicWait32(memarg) | Instruction::MemoryAtomicNotify(memarg) => {
                    self.other_memory = Some(memarg.memory_index);
                    function.instruction(&instruction);
                }
                _ => {
                    function.instruction(&instruction);
                }
            }
        }
        code.function(&function);
        Ok(())
    }
}
