export { detach } from './detach';
