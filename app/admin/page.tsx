import { redirect } from 'next/navigation';
import { requireStaff } from '@/lib/server/auth/require-staff';

export default async function AdminHome() {
  await requireStaff('viewer');
  redirect('/admin/incidents');
}
