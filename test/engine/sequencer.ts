// Engine test files run in name order, so the ones that start and stop dockerd instances (zz-*) run last.
import { BaseSequencer, type TestSpecification } from 'vitest/node';

export default class ByNameSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return [...files].sort((a, b) => a.moduleId.localeCompare(b.moduleId));
  }
}
