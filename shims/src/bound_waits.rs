//! Bounds every untimed `memory.atomic.wait` of a module, so that a lost wake-up costs a short sleep
//! instead of a hang. WasmEdge 0.14's `Executor::atomicWait` compares the value before it registers
//! the waiter and `atomicNotify` signals without the waiter's lock, so a notify landing in between is
//! lost and an untimed wait never returns: a wasm32-wasip1-threads module (rayon's pool parks on
//! futexes) hangs there. A wait whose timeout is negative (for ever) gets `bound_ns` instead; a wait
//! with a timeout keeps it. A bounded wait that times out reads as a spurious wake-up, which every
//! futex caller (Rust's std: mutex, condvar, park, once) already handles by checking again.
use anyhow::{Context, Result, bail};
use wasm_encoder::reencode::{Error, Reencode, RoundtripReencoder, utils};
use wasm_encoder::{CodeSection, Function, Instruction, ValType};
use wasmparser::{FunctionBody, Parser, Payload};

/// The module with its untimed waits bounded to `bound_ns`, and how many waits it has.
pub fn bound_atomic_waits(bytes: &[u8], bound_ns: i64) -> Result<(Vec<u8>, usize)> {
    if bound_ns <= 0 {
        bail!("the bound must be a positive number of nanoseconds, got {bound_ns}");
    }
    let params = defined_function_params(bytes).context("reading the module's functions")?;
    let mut rewriter = WaitBounder { bound_ns, params, next_function: 0, waits: 0 };
    let mut module = wasm_encoder::Module::new();
    rewriter.parse_core_module(&mut module, Parser::new(0), bytes).map_err(|error| anyhow::anyhow!("{error}"))?;
    Ok((module.finish(), rewriter.waits))
}

/// The number of parameters of each function the module defines (not imports), in code-section order:
/// a function's locals are numbered after its parameters.
fn defined_function_params(bytes: &[u8]) -> Result<Vec<u32>> {
    let mut type_params = Vec::new();
    let mut params = Vec::new();
    for payload in Parser::new(0).parse_all(bytes) {
        match payload? {
            Payload::Version { encoding: wasmparser::Encoding::Component, .. } => bail!("a component, not a core module"),
            Payload::TypeSection(types) => {
                for func_type in types.into_iter_err_on_gc_types() {
                    type_params.push(func_type?.params().len() as u32);
                }
            }
            Payload::FunctionSection(functions) => {
                for type_index in functions {
                    let type_index = type_index? as usize;
                    params.push(*type_params.get(type_index).context("a function of an unknown type")?);
                }
            }
            _ => {}
        }
    }
    Ok(params)
}

struct WaitBounder {
    bound_ns: i64,
    params: Vec<u32>,
    next_function: usize,
    waits: usize,
}

impl Reencode for WaitBounder {
    type Error = std::convert::Infallible;

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
        let is_wait = |instruction: &Instruction| matches!(instruction, Instruction::MemoryAtomicWait32(_) | Instruction::MemoryAtomicWait64(_));
        if instructions.iter().any(is_wait) {
            // one more i64 local holds a wait's timeout while its bound is chosen
            locals.push((1, ValType::I64));
        }
        let mut function = Function::new(locals);
        for instruction in instructions {
            if is_wait(&instruction) {
                // [address, expected, timeout] -> [address, expected, timeout < 0 ? bound : timeout]
                function.instruction(&Instruction::LocalSet(scratch));
                function.instruction(&Instruction::I64Const(self.bound_ns));
                function.instruction(&Instruction::LocalGet(scratch));
                function.instruction(&Instruction::LocalGet(scratch));
                function.instruction(&Instruction::I64Const(0));
                function.instruction(&Instruction::I64LtS);
                function.instruction(&Instruction::Select);
                self.waits += 1;
            }
            function.instruction(&instruction);
        }
        code.function(&function);
        Ok(())
    }
}
