/** The one typed protocol between content scripts, extension pages and the background. Every message is named here. */
import { defineExtensionMessaging } from '@webext-core/messaging';

export interface ProtocolMap {
  /** Background → content script: the keyboard command to show or hide the sidebar. */
  toggleSidebar(): void;
}

export const { sendMessage, onMessage } = defineExtensionMessaging<ProtocolMap>();
