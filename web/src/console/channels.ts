// What each contact channel is called in the console, in the agent's language.
import { t } from './texts';

export function channelName(channel: string): string {
  const names: Record<string, string> = {
    phone: t('phone'),
    email: t('email'),
    chat: t('chat'),
    callback: t('callback'),
    facebook: t('facebook'),
    twitter: t('twitter'),
    work_item: t('work item'),
  };
  return names[channel] ?? channel.replace('_', ' ');
}
