/** The time zone picker of the maintenance forms. */
export function ZoneSelect({ name, label, zones, defaultValue }: { name: string; label: string; zones: readonly string[]; defaultValue: string }) {
  return (
    <label>
      {label}
      <select name={name} defaultValue={defaultValue}>
        {zones.map((z) => (
          <option key={z} value={z}>
            {z}
          </option>
        ))}
      </select>
    </label>
  );
}
