import { packageTestConfig } from '../../vitest.shared.ts';

export default packageTestConfig('@aligndet-examples/eval-only');
