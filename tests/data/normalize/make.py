#!/usr/bin/env python3
"""Regenerates pdf-wrapped.txt (a report hard-wrapped at 28 characters, as text copied out of a
PDF) and its expected normalization from the paragraphs below. Run from this directory."""

PARAGRAPHS = [
    "关于2023年度法治政府建设情况的报告",
    "2023年，区政府坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻落实党的二十大精神，深入学习贯彻习近平法治思想，法治政府建设取得新成效。现将有关情况报告如下：",
    "一、主要举措和成效",
    "（一）深化行政审批制度改革",
    "现区级保留的政务服务事项515项，其中行政许可事项218项，公共服务等其他事项297项。区级取消政务服务事项18项、申请材料525项，减少办理环节49个、证照10个，承接下放政务服务事项34项。",
    "（二）加强事中事后监管",
    "组织开展企业信用修复工作，累计开展信用培训47次，培训企业数536家，信用修复526条，累计修复企业460家。加强黑名单企业治理，累计推动56家企业退出黑名单。",
    "二、存在的不足",
    "个别乡镇政府对法治政府建设重要性认识不足，重大行政决策规范化建设有待强化，行政执法不严格不规范问题时有发生，需要在今后工作中认真加以解决。",
]
WIDTH = 28

lines = []
for p in PARAGRAPHS:
    for i in range(0, len(p), WIDTH):
        lines.append(p[i:i + WIDTH])
    if p.startswith("（一）"):
        lines.append("— 1 —")
with open("pdf-wrapped.txt", "w", encoding="utf-8", newline="") as f:
    f.write("\r\n".join(lines) + "\r\n")
with open("pdf-wrapped.expected.txt", "w", encoding="utf-8", newline="") as f:
    f.write("\n".join(PARAGRAPHS))
