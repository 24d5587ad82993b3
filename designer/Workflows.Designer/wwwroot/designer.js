// Small browser helpers the designer calls through JS interop.
window.workflowsDesigner = {
    download(fileName, text) {
        const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
        const a = document.createElement("a");
        a.href = url;
        a.download = fileName;
        a.click();
        URL.revokeObjectURL(url);
    },

    // Shows the nodes being dragged, and their links, at their new place at once, without waiting for the circuit's
    // round trip. The position is the server's own arithmetic (Z.Blazor.Diagrams' DragMovablesBehavior: total pointer
    // movement over the zoom, snapped to the grid, from each node's position at the press), drawn as a transform on
    // the node's content — the element Blazor positions is left to Blazor. Whenever the server's render moves that
    // element the transform shrinks to the remaining difference, so once the server has caught up it is gone. The
    // links of the dragged nodes are redrawn here with the server's path generator (SmoothPathGenerator for a Bottom
    // port to a Top port, the arrow a marker width short of the target); what the server's render writes into a link
    // meanwhile is kept and put back a second after the release, so the server's drawing is always what stays.
    // Presses with a modifier key (multi-select, box selection) and presses on a port (drawing a link) are left to the
    // server alone.
    previewDrags(canvas, geometry) {
        const { gridSize, nodeWidth, nodeHeight, portSize, arrowWidth, curveMargin } = geometry;
        const snap = n => gridSize * Math.floor((n + gridSize / 2.0) / gridSize);
        const zoomOf = layer => {
            const scale = /scale\(([^)]+)\)/.exec(layer?.style.transform ?? "");
            return scale ? parseFloat(scale[1]) : 1;
        };
        const place = node => {
            const dx = node.left - parseFloat(node.el.style.left);
            const dy = node.top - parseFloat(node.el.style.top);
            node.shown.style.transform = dx || dy ? `translate(${dx}px, ${dy}px)` : "";
        };

        // A link's ends, read from the path the server drew: it starts on a source port at the bottom edge of a node
        // and stops a marker width short of a target port on the top edge of one.
        const linksOf = nodes => {
            const within = (p, node, y) => p.x >= node.fromLeft - 1 && p.x <= node.fromLeft + nodeWidth + 1 && Math.abs(p.y - y) <= portSize;
            const links = [];
            for (const g of canvas.querySelectorAll("[data-link-id]")) {
                const n = (g.querySelector(":scope > path")?.getAttribute("d")?.match(/-?\d+(?:\.\d+)?(?:e[-+]?\d+)?/gi) ?? []).map(Number);
                if (n.length < 4) {
                    continue;
                }
                const source = { x: n[0], y: n[1] };
                const end = { x: n[n.length - 2], y: n[n.length - 1] };
                const length = Math.hypot(end.x - n[n.length - 4], end.y - n[n.length - 3]) || 1;
                const target = {
                    x: end.x + arrowWidth * (end.x - n[n.length - 4]) / length,
                    y: end.y + arrowWidth * (end.y - n[n.length - 3]) / length,
                };
                const from = nodes.find(node => within(source, node, node.fromTop + nodeHeight));
                const to = nodes.find(node => within(target, node, node.fromTop));
                if (from || to) {
                    links.push({ g, source, target, from, to });
                }
            }
            return links;
        };
        const moved = (point, node) => node ? { x: point.x + node.left - node.fromLeft, y: point.y + node.top - node.fromTop } : point;
        // Writes the preview into the link; the value the server last drew there is kept on the element.
        const write = (el, name, value) => {
            el.__server ??= {};
            if (!(name in el.__server)) {
                el.__server[name] = el.getAttribute(name);
            }
            if (el.getAttribute(name) !== value) {
                el.setAttribute(name, value);
            }
        };
        const draw = link => {
            const s = moved(link.source, link.from);
            const t = moved(link.target, link.to);
            const c = { x: (s.x + t.x) / 2, y: (s.y + t.y) / 2 };
            const margin = Math.min(curveMargin, Math.hypot(s.x - c.x, s.y - c.y));
            const a = { x: s.x, y: Math.max(s.y + margin, c.y) };
            const b = { x: t.x, y: Math.min(t.y - margin, c.y) };
            const angle = Math.atan2(t.y - b.y, t.x - b.x);
            const e = { x: t.x - arrowWidth * Math.cos(angle), y: t.y - arrowWidth * Math.sin(angle) };
            const d = `M ${s.x} ${s.y} C ${a.x} ${a.y}, ${b.x} ${b.y}, ${e.x} ${e.y}`;
            for (const path of link.g.querySelectorAll(":scope > path")) {
                write(path, "d", d);
            }
            for (const marker of link.g.querySelectorAll(":scope > g[transform]")) {
                write(marker, "transform", `translate(${e.x}, ${e.y}) rotate(${angle * 180 / Math.PI})`);
            }
        };
        const redraw = drag => {
            for (const link of drag.links) {
                draw(link);
            }
            // Our own writes are not the server's.
            drag.observer.takeRecords();
        };
        // What the server's render wrote into a link during the preview is its drawing: kept, then drawn over again.
        const serverDrew = (drag, records) => {
            for (const record of records) {
                if (record.type === "attributes" && record.target.__server) {
                    record.target.__server[record.attributeName] = record.target.getAttribute(record.attributeName);
                }
            }
            redraw(drag);
        };
        const settle = drag => {
            if (drag.settled) {
                return;
            }
            drag.settled = true;
            drag.observer.disconnect();
            for (const node of drag.nodes) {
                node.observer.disconnect();
                node.shown.style.transform = "";
            }
            for (const link of drag.links) {
                for (const el of link.g.querySelectorAll("path, g[transform]")) {
                    for (const [name, value] of Object.entries(el.__server ?? {})) {
                        if (value === null) {
                            el.removeAttribute(name);
                        } else if (el.getAttribute(name) !== value) {
                            el.setAttribute(name, value);
                        }
                    }
                    delete el.__server;
                }
            }
        };
        let drag = null;
        let settling = null;
        canvas.addEventListener("pointerdown", e => {
            if (settling) {
                settle(settling);
                settling = null;
            }
            drag = null;
            if (e.button !== 0 || e.ctrlKey || e.shiftKey || e.altKey || e.metaKey || e.target.closest(".diagram-port")) {
                return;
            }
            const pressed = e.target.closest(".diagram-node");
            const activity = pressed?.querySelector(".activity-node");
            if (!activity) {
                return;
            }
            // Pressing a selected node drags the whole selection; pressing another selects it alone.
            const moving = activity.classList.contains("selected")
                ? [...canvas.querySelectorAll(".activity-node.selected")]
                : [activity];
            const nodes = moving.map(shown => {
                const el = shown.closest(".diagram-node");
                const node = { el, shown, fromLeft: parseFloat(el.style.left), fromTop: parseFloat(el.style.top) };
                node.left = node.fromLeft;
                node.top = node.fromTop;
                node.observer = new MutationObserver(() => place(node));
                node.observer.observe(el, { attributes: true, attributeFilter: ["style"] });
                return node;
            });
            drag = { x: e.clientX, y: e.clientY, zoom: zoomOf(pressed.parentElement), nodes, links: linksOf(nodes) };
            const current = drag;
            current.observer = new MutationObserver(records => serverDrew(current, records));
            for (const link of current.links) {
                current.observer.observe(link.g, { attributes: true, attributeFilter: ["d", "transform"], subtree: true, childList: true });
            }
        }, true);
        canvas.addEventListener("pointermove", e => {
            if (!drag) {
                return;
            }
            const dx = (e.clientX - drag.x) / drag.zoom;
            const dy = (e.clientY - drag.y) / drag.zoom;
            for (const node of drag.nodes) {
                node.left = snap(dx + node.fromLeft);
                node.top = snap(dy + node.fromTop);
                place(node);
            }
            redraw(drag);
        }, true);
        const end = () => {
            if (!drag) {
                return;
            }
            const ended = drag;
            settling = ended;
            drag = null;
            setTimeout(() => settle(ended), 1000);
        };
        canvas.addEventListener("pointerup", end, true);
        canvas.addEventListener("pointercancel", end, true);
        // Set up after the canvas's first render, a round trip later: this says when a press is previewed.
        canvas.dataset.dragPreview = "on";
    },
};
