// The console's entry point: the agent's language first (texts.ts), then, signed in, the
// workspace; otherwise the sign-in view. The language chooser sits in the top bar on every view.
import { api } from './api';
import { languageChooser } from './language-chooser';
import { showLogin } from './login';
import { startLanguage } from './texts';
import { showWorkspace } from './workspace';

const root = document.getElementById('app') as HTMLElement;

void startLanguage().then(() => {
  document.getElementById('language')?.replaceChildren(languageChooser());
  api.me().then(
    (me) => showWorkspace(root, me),
    () => showLogin(root, (me) => showWorkspace(root, me)),
  );
});
