// Svelte: the compiled component mounted with Svelte 5's runtime.
import { mount } from 'svelte';
import App from './App.svelte';

mount(App, { target: document.getElementById('app') });
