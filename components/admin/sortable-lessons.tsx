"use client";
import { closestCenter, DndContext, KeyboardSensor, PointerSensor, useSensor, useSensors, type Announcements, type DragEndEvent, type UniqueIdentifier } from "@dnd-kit/core";
import { arrayMove, SortableContext, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { GripVertical } from "lucide-react";
import { useState, useTransition, type ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { useToast } from "@/components/ui/toaster";
import type { FormState } from "@/lib/actions";
import { cn } from "@/lib/utils";

type Item = { id: string; title: string; row: ReactNode };

/**
 * A category's lessons, reordered by dragging a lesson's handle with the mouse, by touch, or
 * with the keyboard (focus the handle, Space to pick up, arrows to move, Space to drop, Escape
 * to cancel), each step announced. The arrows in each row stay. A drop sends the lesson's new
 * place through the outline's server action (`place-lesson`), which the arrows use too; the
 * list shows the new order at once and goes back if the server refuses.
 */
export function SortableLessons({ listId, items, action, hidden }: {
  listId: string;
  items: Item[];
  action: (prev: FormState, data: FormData) => Promise<FormState>;
  hidden: Record<string, string>;
}) {
  const toast = useToast();
  const [error, setError] = useState<string | null>(null);
  const [saving, startSaving] = useTransition();
  const ids = items.map((i) => i.id);
  const key = ids.join(",");
  // The order shown while a move is on its way; dropped once the server's order arrives.
  const [moved, setMoved] = useState<{ base: string; order: string[] } | null>(null);
  const order = moved && moved.base === key ? moved.order : ids;
  const byId = new Map(items.map((i) => [i.id, i]));
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 4 } }), useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }));

  const title = (id: UniqueIdentifier) => `“${byId.get(String(id))?.title ?? "lesson"}”`;
  const place = (id: UniqueIdentifier) => `position ${order.indexOf(String(id)) + 1} of ${order.length}`;
  const announcements: Announcements = {
    onDragStart: ({ active }) => `Picked up ${title(active.id)}, at ${place(active.id)}.`,
    onDragOver: ({ active, over }) => (over ? `${title(active.id)} is over ${place(over.id)}.` : `${title(active.id)} is not over the list.`),
    onDragEnd: ({ active, over }) => (over ? `${title(active.id)} dropped at ${place(over.id)}.` : `${title(active.id)} dropped where it was.`),
    onDragCancel: ({ active }) => `Moving cancelled: ${title(active.id)} stays at ${place(active.id)}.`,
  };

  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return;
    const from = order.indexOf(String(active.id));
    const to = order.indexOf(String(over.id));
    if (from < 0 || to < 0) return;
    setMoved({ base: key, order: arrayMove(order, from, to) });
    setError(null);
    const data = new FormData();
    for (const [k, v] of Object.entries(hidden)) data.set(k, v);
    data.set("op", "place-lesson");
    data.set("lessonId", String(active.id));
    data.set("to", String(to));
    startSaving(async () => {
      const result = await action({}, data);
      if (!result.ok) {
        setMoved(null);
        setError(result.error ?? "The lesson could not be moved; reload the page and try again.");
      } else if (result.message) {
        if (toast) toast(result.message);
      }
    });
  };

  return (
    <>
      <DndContext
        id={listId}
        sensors={sensors}
        collisionDetection={closestCenter}
        onDragEnd={onDragEnd}
        accessibility={{
          announcements,
          screenReaderInstructions: { draggable: "To reorder, press Space or Enter to pick the lesson up, the up and down arrow keys to move it, Space or Enter to drop it, or Escape to cancel." },
        }}
      >
        <SortableContext items={order} strategy={verticalListSortingStrategy}>
          <ol className="divide-y divide-zinc-100" aria-busy={saving || undefined}>
            {order.map((id) => (byId.has(id) ? <Row key={id} item={byId.get(id)!} /> : null))}
          </ol>
        </SortableContext>
      </DndContext>
      {error ? <Alert tone="error" className="mx-3 my-2">{error}</Alert> : null}
    </>
  );
}

function Row({ item }: { item: Item }) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({ id: item.id });
  return (
    <li
      ref={setNodeRef}
      style={{ transform: CSS.Translate.toString(transform), transition }}
      className={cn("flex items-center gap-2 bg-white px-3 py-1.5 text-sm", isDragging && "relative z-10 rounded-md shadow-md ring-1 ring-accent/40")}
      data-testid="outline-lesson"
    >
      <button
        type="button"
        ref={setActivatorNodeRef}
        {...attributes}
        {...listeners}
        aria-label={`Drag to reorder ${item.title}`}
        className="-ml-1 cursor-grab touch-none rounded-md p-1.5 text-zinc-500 hover:bg-zinc-100 focus-visible:ring-2 focus-visible:ring-accent focus-visible:outline-none active:cursor-grabbing"
      >
        <GripVertical className="size-4" aria-hidden />
      </button>
      {item.row}
    </li>
  );
}
