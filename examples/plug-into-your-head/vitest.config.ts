import { packageTestConfig } from '../../vitest.shared.ts';

export default packageTestConfig('@aligndet-examples/plug-into-your-head');
