'use client';

import { BaseEdge, BezierEdge, type EdgeProps, type EdgeTypes, useInternalNode } from '@xyflow/react';
import { memo } from 'react';
import { isLoop, loopPath } from './loop-path';

/**
 * Every flow edge: a curve, or for a port that leads back to its own node or up to an earlier one, a
 * loop drawn round the outside of the target, where it can be seen, clicked and dragged to a new target.
 */
function FlowEdgeView(props: EdgeProps) {
  const target = useInternalNode(props.target);
  if (!isLoop(props)) return <BezierEdge {...props} />;
  const { path, labelX, labelY } = loopPath({
    sourceX: props.sourceX,
    sourceY: props.sourceY,
    targetX: props.targetX,
    targetY: props.targetY,
    targetTop: target?.internals.positionAbsolute.y ?? props.targetY,
  });
  return (
    <BaseEdge
      id={props.id}
      path={path}
      labelX={labelX}
      labelY={labelY}
      label={props.label}
      labelStyle={props.labelStyle}
      labelShowBg={props.labelShowBg}
      labelBgStyle={props.labelBgStyle}
      labelBgPadding={props.labelBgPadding}
      labelBgBorderRadius={props.labelBgBorderRadius}
      style={props.style}
      markerEnd={props.markerEnd}
      markerStart={props.markerStart}
      interactionWidth={props.interactionWidth ?? 20}
      className="flow-edge-loop"
      data-loop=""
    />
  );
}

/** Built once at module scope, like the node types. Edges carry no type, so "default" is all of them. */
export const canvasEdgeTypes = { default: memo(FlowEdgeView) } satisfies EdgeTypes;
