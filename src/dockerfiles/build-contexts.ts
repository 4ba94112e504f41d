// The build context of each image. "prebuilt" (what dockerwasm measures by default): the Dockerfile and
// the artifact dockerwasm built. "multistage" (the thesis's form, Appendix F): the Dockerfile and the guest
// sources, compiled inside a rust:alpine stage; it needs a registry to pull the builder image, and gives
// only the Linux and plain Wasm images (no AOT or precompiled module).
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { DockerfileForm } from '../config/compare-settings.js';
import { makeContextTar, type ContextFile } from '../engine/build-context.js';
import { flavourOfImage, type Flavour, type ImageName } from '../flavours/flavours.js';
import type { GuestBuild } from '../guests/build-guest.js';
import { usageError } from '../errors.js';
import { paths } from '../io/project-paths.js';
import { builtInSource, type WorkloadDefinition } from '../workloads/definition.js';
import { programFolder } from '../workloads/program.js';
import { dockerfileText, multistageDockerfileText } from './templates.js';

/** The flavours a form can make images of. */
export function flavoursOfForm(form: DockerfileForm, built: ReadonlySet<Flavour>): Set<Flavour> {
  return form === 'prebuilt' ? new Set(built) : new Set<Flavour>(['native', 'wasm']);
}

async function guestSourceFiles(): Promise<ContextFile[]> {
  const root = paths.guestSources();
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const files: ContextFile[] = [];
  for (const entry of entries) {
    const path = join(entry.parentPath, entry.name);
    if (!entry.isFile() || relative(root, path).split('/').includes('target')) continue;
    files.push({ path: relative(root, path), data: await readFile(path) });
  }
  return files;
}

export async function imageContext(form: DockerfileForm, definition: WorkloadDefinition, image: ImageName, guest: GuestBuild): Promise<Buffer> {
  const program = definition.name;
  if (form === 'multistage') {
    if (!builtInSource(definition)) throw usageError(`--form multistage builds the built-in workloads from guest/ only, not ${program}`);
    if (image !== 'linux' && image !== 'wasm') throw new Error(`the multistage form has no ${image} image`);
    const files = [{ path: 'Dockerfile', data: multistageDockerfileText(program, image) }, ...(await guestSourceFiles())];
    if (guest.dataset) files.push({ path: 'datasets/cvd.csv', data: await readFile(guest.dataset.file) });
    return makeContextTar(files);
  }
  const flavour = flavourOfImage(image);
  const artifact = guest.artifact(flavour.name)!;
  const folder = programFolder(definition);
  const inputs = folder ? await Promise.all(definition.run.files.map(async (file) => ({ path: file, data: await readFile(join(folder, file)) }))) : [];
  return makeContextTar([
    { path: 'Dockerfile', data: dockerfileText(program, image, definition.run.files) },
    { path: artifact.file, data: await readFile(guest.pathOf(flavour.name)!), mode: flavour.mode },
    ...inputs,
  ]);
}
