import type { Metadata } from "next";
import Link from "next/link";
import { NoAccess } from "@/components/portal/no-access";
import { PortalPage } from "@/components/portal/portal-page";
import { getGroupBySlug, isMember } from "@/lib/access/groups";
import { requireLearnerPage } from "@/lib/auth/portal-page";
import { listPosts } from "@/lib/community/posts";
import { LocalTime } from "@/components/ui/local-time";
import { CommentForm, NewPostForm } from "./post-forms";
import { pageParam, type SearchParams } from "@/lib/utils";

export const metadata: Metadata = { title: "Community" };

export default async function GroupPage({ params, searchParams }: { params: Promise<{ workspace: string; group: string }>; searchParams: Promise<SearchParams> }) {
  const { workspace: slug, group: groupSlug } = await params;
  const page = pageParam((await searchParams).page);
  const { workspace, learner } = await requireLearnerPage(slug);
  const group = await getGroupBySlug(workspace.id, groupSlug);
  if (!group || !(await isMember(workspace.id, group.id, learner.id))) {
    return (
      <NoAccess workspace={workspace} email={learner.email} what="group">
        <p>You are not a member of {group ? <strong>{group.name}</strong> : "this group"}. Members are added by {workspace.name}; ask them if you should be in it.</p>
      </NoAccess>
    );
  }
  const { posts, pages } = await listPosts(group, page);
  const base = `/p/${workspace.slug}/communities/${group.slug}`;
  return (
    <PortalPage workspace={workspace} email={learner.email} title={group.name} subtitle={group.description}>
      <div className="mt-6 max-w-2xl space-y-6">
        <NewPostForm workspace={workspace.slug} group={group.slug} />
        {posts.length === 0 ? <p className="text-sm text-zinc-600">No posts yet. Start the conversation!</p> : null}
        <ol className="space-y-4" data-testid="posts">
          {posts.map((post) => (
            <li key={post.id} className="rounded-xl border border-zinc-200 bg-white p-4 shadow-sm">
              <p className="text-xs text-zinc-500">
                <span className="font-medium text-zinc-800">{post.author}</span> · <LocalTime at={post.createdAt} />
              </p>
              {post.title ? <h2 className="mt-1 font-semibold">{post.title}</h2> : null}
              <p className="mt-1 text-sm whitespace-pre-wrap text-zinc-800">{post.body}</p>
              {post.comments.length ? (
                <ul className="mt-3 space-y-2 border-l-2 border-zinc-100 pl-3">
                  {post.comments.map((c) => (
                    <li key={c.id} className="text-sm">
                      <span className="font-medium">{c.author}</span> <span className="text-xs text-zinc-500">· <LocalTime at={c.createdAt} /></span>
                      <p className="whitespace-pre-wrap text-zinc-800">{c.body}</p>
                    </li>
                  ))}
                </ul>
              ) : null}
              <CommentForm workspace={workspace.slug} group={group.slug} postId={post.id} />
            </li>
          ))}
        </ol>
        {pages > 1 ? (
          <nav aria-label="Pages" className="flex items-center justify-between text-sm">
            {page > 1 ? <Link className="text-accent hover:underline" href={`${base}?page=${page - 1}`}>← Newer posts</Link> : <span />}
            <span className="text-zinc-500">Page {page} of {pages}</span>
            {page < pages ? <Link className="text-accent hover:underline" href={`${base}?page=${page + 1}`}>Older posts →</Link> : <span />}
          </nav>
        ) : null}
      </div>
    </PortalPage>
  );
}
