/** Contacts and their tags (issue 16). */
import { z } from "zod";
import { portalStatus } from "@/db/schema";
import { defineOperation } from "../operation";
import { contactOut, contactUpdateBody, grantOut, limitParam, page, tagsBody, upsertQuery } from "../schemas";

export const listContactsQuery = z.object({
  limit: limitParam,
  after: z.string().max(200).optional().describe("The `next` cursor of the page before."),
  email: z.string().trim().toLowerCase().max(320).optional(),
  status: z.enum(portalStatus.enumValues, { error: `status is one of ${portalStatus.enumValues.join(", ")}` }).optional(),
  offer: z.uuid("offer is an offer's id").optional().describe("Only contacts with an active grant of this offer."),
  tag: z.string().trim().min(1).max(50).optional(),
  updated_since: z.iso.datetime({ offset: true, error: "updated_since is an ISO 8601 time, such as 2026-12-01T00:00:00Z" }).optional(),
});

export const contactOps = {
  listContacts: defineOperation({
    id: "listContacts",
    method: "GET",
    path: "/contacts",
    scope: "contacts:read",
    tag: "Contacts",
    summary: "List contacts",
    description: "Oldest first. Contacts added while you page come after your cursor: nothing is skipped or seen twice.",
    query: listContactsQuery,
    responses: { 200: { description: "A page of contacts", schema: page(contactOut, "ContactPage") } },
  }),
  upsertContact: defineOperation({
    id: "upsertContact",
    method: "PUT",
    path: "/contacts",
    scope: "contacts:write",
    tag: "Contacts",
    summary: "Create or update a contact by email",
    description: "`PUT /contacts?email=` creates the contact (201) or sets the fields given on the existing one (200). Fields left out are left as they are.",
    query: upsertQuery,
    body: contactUpdateBody,
    responses: { 200: { description: "Updated", schema: contactOut }, 201: { description: "Created", schema: contactOut } },
  }),
  getContact: defineOperation({
    id: "getContact",
    method: "GET",
    path: "/contacts/{id}",
    scope: "contacts:read",
    tag: "Contacts",
    summary: "Get a contact",
    responses: { 200: { description: "The contact", schema: contactOut } },
  }),
  updateContact: defineOperation({
    id: "updateContact",
    method: "PATCH",
    path: "/contacts/{id}",
    scope: "contacts:write",
    tag: "Contacts",
    summary: "Update a contact",
    description: "Sets the fields given; the email is the contact's identity and does not change.",
    body: contactUpdateBody,
    responses: { 200: { description: "Updated", schema: contactOut } },
  }),
  addTags: defineOperation({
    id: "addContactTags",
    method: "POST",
    path: "/contacts/{id}/tags",
    scope: "contacts:write",
    tag: "Contacts",
    summary: "Add tags to a contact",
    description: "Tags the contact already has are left alone (no event).",
    body: tagsBody,
    responses: { 200: { description: "The contact with its tags", schema: contactOut } },
  }),
  removeTag: defineOperation({
    id: "removeContactTag",
    method: "DELETE",
    path: "/contacts/{id}/tags/{tag}",
    scope: "contacts:write",
    tag: "Contacts",
    summary: "Remove a tag from a contact",
    responses: { 200: { description: "The contact with its tags", schema: contactOut } },
  }),
  listGrants: defineOperation({
    id: "listContactGrants",
    method: "GET",
    path: "/contacts/{id}/offers",
    scope: "contacts:read",
    tag: "Access",
    summary: "List a contact's offer grants",
    description: "Active and revoked, newest first.",
    responses: { 200: { description: "The grants", schema: z.object({ data: z.array(grantOut) }).meta({ id: "GrantList" }) } },
  }),
};
