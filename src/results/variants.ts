// What a results directory says was measured: the variants (a runtime profile running one image) and
// the images. The Linux image on runc is the baseline every Wasm variant is compared with.
import { z } from 'zod';

export const baselineVariant = 'runc';

export const variantInfoSchema = z.object({
  name: z.string(),
  kind: z.enum(['native', 'wasm']),
  image: z.string(),
  runtime: z.string(),
  flavour: z.string(),
  description: z.string(),
  /** environment the container gets (RAYON_NUM_THREADS: 1 for the one-thread Linux variant, the CPUs for a threaded module); absent: none */
  env: z.array(z.string()).optional(),
});
export type VariantInfo = z.infer<typeof variantInfoSchema>;

export const imageInfoSchema = z.object({
  name: z.string(),
  reference: z.string(),
  flavour: z.string(),
  /** bytes of the artifact (binary or module) the image holds */
  artifactBytes: z.number(),
});
export type ImageInfo = z.infer<typeof imageInfoSchema>;

export const isBaseline = (variant: { name: string }) => variant.name === baselineVariant;

/** The Linux image held to one thread: what each Wasm variant is also compared with when it ran. */
export const oneThreadVariant = 'runc+1thread';
