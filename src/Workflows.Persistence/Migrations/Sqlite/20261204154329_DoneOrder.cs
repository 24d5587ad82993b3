using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Workflows.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DoneOrder : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "DoneAt",
                table: "TaskParticipants",
                type: "TEXT",
                nullable: true);

            // Rows written before: the one who closed a task gets a done row stamped with its close (that burst never
            // projected their part), and other done signers the task's close, or its start while it is still open.
            migrationBuilder.Sql("UPDATE \"TaskParticipants\" SET \"Done\" = TRUE, \"DoneAt\" = (SELECT t.\"ClosedAt\" FROM \"Tasks\" t WHERE t.\"Id\" = \"TaskParticipants\".\"TaskId\") WHERE \"Kind\" = 'Signer' AND EXISTS (SELECT 1 FROM \"Tasks\" t WHERE t.\"Id\" = \"TaskParticipants\".\"TaskId\" AND t.\"ClosedBy\" = \"TaskParticipants\".\"Value\");");
            migrationBuilder.Sql("INSERT INTO \"TaskParticipants\" (\"TaskId\", \"Kind\", \"Value\", \"Active\", \"Done\", \"DoneAt\") SELECT t.\"Id\", 'Signer', t.\"ClosedBy\", FALSE, TRUE, t.\"ClosedAt\" FROM \"Tasks\" t WHERE t.\"ClosedBy\" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM \"TaskParticipants\" p WHERE p.\"TaskId\" = t.\"Id\" AND p.\"Kind\" = 'Signer' AND p.\"Value\" = t.\"ClosedBy\");");
            migrationBuilder.Sql("UPDATE \"TaskParticipants\" SET \"DoneAt\" = (SELECT COALESCE(t.\"ClosedAt\", t.\"CreatedAt\") FROM \"Tasks\" t WHERE t.\"Id\" = \"TaskParticipants\".\"TaskId\") WHERE \"Done\" = TRUE AND \"DoneAt\" IS NULL;");

            migrationBuilder.CreateIndex(
                name: "IX_TaskParticipants_Kind_Value_DoneAt_TaskId",
                table: "TaskParticipants",
                columns: new[] { "Kind", "Value", "DoneAt", "TaskId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_TaskParticipants_Kind_Value_DoneAt_TaskId",
                table: "TaskParticipants");

            migrationBuilder.DropColumn(
                name: "DoneAt",
                table: "TaskParticipants");
        }
    }
}
