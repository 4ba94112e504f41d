// dockerwasm.yaml: what a user's folder may say of its program, beyond what its files show. Every key is
// optional; every mistake is listed at once with its path.
import { z } from 'zod';

const relativePath = z
  .string()
  .min(1)
  .refine((path) => !path.startsWith('/') && !path.split('/').includes('..'), 'a path inside the folder, relative to it');

export const programFileName = 'dockerwasm.yaml';

export const programFileSchema = z
  .object({
    /** how tables and results directories name it (default: the folder's name) */
    name: z.string().regex(/^[a-z][a-z0-9-]*$/, 'lower-case letters, digits and dashes, a letter first').optional(),
    /** default: what the folder holds (Cargo.toml: rust, go.mod: go, *.c: c) */
    language: z.enum(['rust', 'go', 'c']).optional(),
    /** a program built elsewhere (any language): its native executable and its wasm32-wasip1 module, both or neither */
    native: relativePath.optional(),
    wasm: relativePath.optional(),
    /** rust: the cargo package of a workspace; go: the main package (default .) */
    package: z.string().min(1).optional(),
    /** c: the sources (default: every *.c of the folder) and the compiler's extra flags (both targets) */
    sources: z.array(relativePath).min(1).optional(),
    cflags: z.array(z.string()).optional(),
    /** the program's arguments (the command line's after `--` replace them) */
    args: z.array(z.union([z.string(), z.number()]).transform(String)).optional(),
    /** its environment, KEY=VALUE */
    env: z.array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*=/, 'KEY=VALUE')).optional(),
    /** files or folders it reads by relative path: copied into both images at the same path, and beside every standalone run */
    files: z.array(relativePath).optional(),
    /** the per-sample timeout, seconds (the command line's --timeout wins) */
    timeout: z.number().int().min(1).max(86_400).optional(),
    /**
     * stdout (the default): its stdout is its result, compared by a digest between every run and the native one;
     * json-line: it prints one JSON line with its compute time and a digest, as the built-in workloads do
     */
    result: z.enum(['stdout', 'json-line']).optional(),
    description: z.string().min(1).optional(),
  })
  .strict()
  .refine((file) => (file.native === undefined) === (file.wasm === undefined), { message: 'a program built elsewhere names both native: and wasm:', path: ['native'] })
  .refine((file) => file.native === undefined || file.language === undefined, { message: 'native: and wasm: are built already: no language: with them', path: ['language'] });
export type ProgramFile = z.output<typeof programFileSchema>;
