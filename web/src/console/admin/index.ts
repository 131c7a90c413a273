// The admin view: the supervisor's dashboard, agents and rights, the company's domains and site settings, the applications that may embed the agent view, invitations, personal data
// (retention, client addresses, erasure), company favourites, the audit log, and the latest
// masking check. Only admins see the way in; the server checks every call.
import { el } from '../dom';
import { agentsSection } from './agents';
import { auditSection } from './audit';
import { companyFavouritesSection } from './company-favourites';
import { dashboardSection } from './dashboard';
import { embedOriginsSection } from './embed-origins';
import { invitationsSection } from './invitations';
import { maskingCheckSection } from './masking-check';
import { personalDataSection } from './personal-data';
import { settingsSection } from './settings';

export function showAdmin(root: HTMLElement): void {
  root.replaceChildren(el('div', { class: 'admin' }, dashboardSection(), agentsSection(), settingsSection(), embedOriginsSection(), invitationsSection(), personalDataSection(), companyFavouritesSection(), auditSection(), maskingCheckSection()));
}
