import { listComponents } from '@/lib/server/components/list-components';

export const dynamic = 'force-dynamic';

export default async function HomePage() {
  const components = await listComponents();
  return (
    <main style={{ maxWidth: 760, margin: '0 auto', padding: '2rem 1rem' }}>
      <h1>System status</h1>
      {components.length === 0 ? (
        <p>
          No services are set up yet. Staff can <a href="/setup">finish setting up Candor</a>.
        </p>
      ) : (
        <ul>
          {components.map((c) => (
            <li key={c.id}>
              {c.name}: {c.status.replace(/_/g, ' ')}
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
