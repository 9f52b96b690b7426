import { Text } from "@react-email/components";
import { EmailLayout, paragraph, type Brand } from "./components/layout";

/** The shell of an admin-written email: the workspace's layout around the rendered body. */
export default function CustomEmail({ brand, body }: { brand: Brand; body: string }) {
  return (
    <EmailLayout brand={brand} preview="" title="">
      <Text style={paragraph}>{body}</Text>
    </EmailLayout>
  );
}
