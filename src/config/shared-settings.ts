// What the settings of every kind of run share: the limits of the counts every run has, and the runtime
// profiles a container run may ask for.
import { z } from 'zod';
import { profileNames } from '../profiles/profiles.js';
import { suggestion } from './closest-name.js';

export const limits = {
  samples: { min: 1, max: 10_000 },
  warmup: { min: 0, max: 1_000 },
  seed: { min: 0, max: 2 ** 32 - 1 },
  timeoutSeconds: { min: 1, max: 86_400 },
  inlineThreshold: { min: 0, max: 100_000 },
};

export const whole = (range: { min: number; max: number }) => z.number().int().min(range.min).max(range.max);

/** 'all' or runtime profile names (runc, the baseline, always runs) */
export const runtimesSchema = z
  .union([z.literal('all'), z.array(z.string()).min(1)], { error: "must be 'all' or a list of runtime profile names" })
  .superRefine((value, context) => {
    if (value === 'all') return;
    value.forEach((name, index) => {
      if (!profileNames.includes(name)) {
        context.addIssue({ code: 'custom', path: [index], message: `unknown runtime profile '${name}'${suggestion(name, profileNames)}; known: ${profileNames.join(', ')}` });
      }
    });
  });
