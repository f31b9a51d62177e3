-- AlterTable
ALTER TABLE "PageSettings" ADD COLUMN     "translations" TEXT NOT NULL DEFAULT '{}';

-- AlterTable
ALTER TABLE "ComponentGroup" ADD COLUMN     "translations" TEXT NOT NULL DEFAULT '{}';

-- AlterTable
ALTER TABLE "Component" ADD COLUMN     "translations" TEXT NOT NULL DEFAULT '{}';

-- AlterTable
ALTER TABLE "Incident" ADD COLUMN     "translations" TEXT NOT NULL DEFAULT '{}';
