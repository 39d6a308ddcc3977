/** Every message kind the outbox can deliver. A new kind is added here. */
import { passwordChanged } from './kinds/password-changed';
import { messageRegistry } from './messages';

export const MESSAGES = messageRegistry([passwordChanged]);
