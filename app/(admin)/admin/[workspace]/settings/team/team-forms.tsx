"use client";
import { ActionForm } from "@/components/ui/action-form";
import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { SubmitButton } from "@/components/ui/submit-button";
import { changeRoleAction, inviteTeamMemberAction, removeTeamMemberAction } from "../actions";

type Role = { value: string; label: string; description: string };

export function InviteTeamMemberForm({ workspace, roles }: { workspace: string; roles: Role[] }) {
  return (
    <ActionForm action={inviteTeamMemberAction} hidden={{ workspace }} className="space-y-3">
      {(s) => (
        <>
          <div className="grid gap-3 sm:grid-cols-3">
            <Field name="email" label="Email" type="email" required autoComplete="off" error={s.fieldErrors?.email} defaultValue={s.values?.email} />
            <Field name="name" label="Name" required error={s.fieldErrors?.name} defaultValue={s.values?.name} />
            <div className="space-y-1.5">
              <Label htmlFor="invite-role">Role</Label>
              <Select id="invite-role" name="role" defaultValue={s.values?.role ?? "member"}>
                {roles.map((r) => <option key={r.value} value={r.value}>{r.label}</option>)}
              </Select>
            </div>
          </div>
          <SubmitButton pendingText="Inviting…">Invite team member</SubmitButton>
        </>
      )}
    </ActionForm>
  );
}

export function RoleForm({ workspace, memberId, role, roles, name }: { workspace: string; memberId: string; role: string; roles: Role[]; name: string }) {
  return (
    <ActionForm action={changeRoleAction} hidden={{ workspace, memberId }} className="flex flex-wrap items-center gap-2">
      <Label htmlFor={`role-${memberId}`} className="sr-only">Role of {name}</Label>
      {/* Keyed on the saved role: after a change the select shows the role now held, not the one it first loaded with. */}
      <Select key={role} id={`role-${memberId}`} name="role" defaultValue={role} className="h-8 w-32">
        {roles.map((r) => <option key={r.value} value={r.value}>{r.label}</option>)}
      </Select>
      <SubmitButton variant="secondary" size="sm" pendingText="Saving…" aria-label={`Change role of ${name}`}>Change</SubmitButton>
    </ActionForm>
  );
}

export function RemoveMemberForm({ workspace, memberId, name }: { workspace: string; memberId: string; name: string }) {
  return (
    <ActionForm action={removeTeamMemberAction} hidden={{ workspace, memberId }} confirm={`Remove ${name} from this workspace's team? They lose access to its dashboard at once.`}>
      <SubmitButton variant="ghost" size="sm" pendingText="Removing…" aria-label={`Remove ${name}`}>Remove</SubmitButton>
    </ActionForm>
  );
}
