// Vue: a template with v-model (text, checkbox, select), compiled at run time by Vue's full build.
import { createApp } from 'vue';

createApp({
  data: () => ({ name: '', news: false, plan: 'basic', count: 0, result: '', keys: 0 }),
  methods: {
    send() {
      this.result = `Sent: ${this.name}, ${this.plan}, ${this.news ? 'news' : 'no news'}`;
    },
  },
  template: `
    <form class="card" @submit.prevent="send">
      <h1>Vue app</h1>
      <div class="field">
        <label for="fw-name">Name</label>
        <input id="fw-name" data-tandem-editable v-model="name" @keydown="keys++">
      </div>
      <p id="fw-greeting">Hello, {{ name || 'stranger' }}</p>
      <p id="fw-keys">Keys: {{ keys }}</p>
      <div class="choice"><input type="checkbox" id="fw-news" v-model="news"><label for="fw-news">Send me news</label></div>
      <div class="field">
        <label for="fw-plan">Plan</label>
        <select id="fw-plan" v-model="plan">
          <option value="basic">Basic</option><option value="pro">Pro</option><option value="team">Team</option>
        </select>
      </div>
      <p id="fw-plan-shown">Plan: {{ plan }}</p>
      <button type="button" id="fw-more" @click="count++">Add one</button>
      <p id="fw-count">Count: {{ count }}</p>
      <button type="submit" id="fw-send">Send</button>
      <p id="fw-result" role="status">{{ result }}</p>
    </form>`,
}).mount('#app');
