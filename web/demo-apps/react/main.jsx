// React: controlled inputs (value + onChange), state rendered back into the page.
import { useState } from 'react';
import { createRoot } from 'react-dom/client';

function App() {
  const [name, setName] = useState('');
  const [news, setNews] = useState(false);
  const [plan, setPlan] = useState('basic');
  const [count, setCount] = useState(0);
  const [result, setResult] = useState('');
  const [keys, setKeys] = useState(0);
  return (
    <form className="card" onSubmit={(e) => { e.preventDefault(); setResult(`Sent: ${name}, ${plan}, ${news ? 'news' : 'no news'}`); }}>
      <h1>React app</h1>
      <div className="field">
        <label htmlFor="fw-name">Name</label>
        <input id="fw-name" data-tandem-editable value={name} onChange={(e) => setName(e.target.value)} onKeyDown={() => setKeys((k) => k + 1)} />
      </div>
      <p id="fw-greeting">Hello, {name || 'stranger'}</p>
      <p id="fw-keys">Keys: {keys}</p>
      <div className="choice"><input type="checkbox" id="fw-news" checked={news} onChange={(e) => setNews(e.target.checked)} /><label htmlFor="fw-news">Send me news</label></div>
      <div className="field">
        <label htmlFor="fw-plan">Plan</label>
        <select id="fw-plan" value={plan} onChange={(e) => setPlan(e.target.value)}>
          <option value="basic">Basic</option><option value="pro">Pro</option><option value="team">Team</option>
        </select>
      </div>
      <p id="fw-plan-shown">Plan: {plan}</p>
      <button type="button" id="fw-more" onClick={() => setCount((c) => c + 1)}>Add one</button>
      <p id="fw-count">Count: {count}</p>
      <button type="submit" id="fw-send">Send</button>
      <p id="fw-result" role="status">{result}</p>
    </form>
  );
}

createRoot(document.getElementById('app')).render(<App />);
