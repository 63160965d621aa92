import { packageTestConfig } from '../../vitest.shared';

export default packageTestConfig('@aligndet/deform-conv');
