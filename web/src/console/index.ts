// The console's entry point: signed in → the workspace; otherwise the sign-in view.
import { api } from './api';
import { showLogin } from './login';
import { showWorkspace } from './workspace';

const root = document.getElementById('app') as HTMLElement;

api.me().then(
  (me) => showWorkspace(root, me),
  () => showLogin(root, (me) => showWorkspace(root, me)),
);
