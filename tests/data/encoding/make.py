#!/usr/bin/env python3
"""Regenerates the encoding fixtures from the UTF-8 texts below. Run from this directory."""

SIMPLIFIED = """2020年静海区法治政府建设情况报告
2020年，静海区坚持以习近平新时代中国特色社会主义思想为指导，依法全面履行政府职能，为全区经济社会发展创造良好法治环境。
一、主要举措和成效
（一）深化行政审批制度改革
现区级保留的政务服务事项515项，其中行政许可事项218项，公共服务等其他事项297项。区级取消政务服务事项18项、申请材料525项，减少办理环节49个。
（二）加强事中事后监管
组织开展企业信用修复工作，累计开展信用培训47次，培训企业数536家，信用修复526条。截至12月底，收集企业问题1658个，解决企业问题1655个，解决率99.82%。
二、存在的不足
个别乡镇政府对法治政府建设重要性认识不足，重大行政决策规范化建设有待强化。
"""

TRADITIONAL = """2020年靜海區法治政府建設情況報告
2020年，靜海區堅持以習近平新時代中國特色社會主義思想為指導，依法全面履行政府職能，為全區經濟社會發展創造良好法治環境。
一、主要舉措和成效
（一）深化行政審批制度改革
現區級保留的政務服務事項515項，其中行政許可事項218項，公共服務等其他事項297項。區級取消政務服務事項18項、申請材料525項，減少辦理環節49個。
（二）加強事中事後監管
組織開展企業信用修復工作，累計開展信用培訓47次，培訓企業數536家，信用修復526條。截至12月底，收集企業問題1658個，解決企業問題1655個，解決率99.82%。
二、存在的不足
個別鄉鎮政府對法治政府建設重要性認識不足，重大行政決策規範化建設有待強化。
"""

# A GB18030-only character (outside GBK, encoded in four bytes): 㐀 U+3400.
# The sentence stays report-like.
GB18030_TEXT = SIMPLIFIED + "附：㐀字为扩展A区汉字，用四字节编码。\n"

def write(name, data):
    with open(name, "wb") as f:
        f.write(data)

write("utf8.txt", SIMPLIFIED.encode("utf-8"))
write("utf8-bom.txt", SIMPLIFIED.encode("utf-8-sig"))
write("gbk.txt", SIMPLIFIED.encode("gbk"))
write("gb18030.txt", GB18030_TEXT.encode("gb18030"))
write("big5.txt", TRADITIONAL.encode("big5"))
write("utf16le-bom.txt", b"\xff\xfe" + SIMPLIFIED.encode("utf-16-le"))
write("utf16be-bom.txt", b"\xfe\xff" + SIMPLIFIED.encode("utf-16-be"))
write("utf16le-nobom.txt", SIMPLIFIED.encode("utf-16-le"))
write("expected-simplified.txt", SIMPLIFIED.encode("utf-8"))
write("expected-traditional.txt", TRADITIONAL.encode("utf-8"))
write("expected-gb18030.txt", GB18030_TEXT.encode("utf-8"))
