-- A welcome sent after a link without approval carries that link: it works only while the link could still be used
-- (docs/SECURITY.md, "Links and invitations carry their creator's authority when used").
ALTER TABLE `action_tokens` ADD `via_link_id` text;
